"""Reads of the FAQ: search across questions and answers (the helpfulness counts are read by
FaqIndexPage.helpfulness_summary)."""

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from wagtail.models import Page

# Words too common to tell questions apart (« avis d'échéance » looks for « avis » and « echeance »).
STOP_WORDS = {
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "et",
    "ou",
    "en",
    "a",
    "au",
    "aux",
    "je",
    "mon",
    "ma",
    "mes",
}


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in text if not unicodedata.combining(char))


def _terms(query: str) -> list[str]:
    return [word for word in re.split(r"[^a-z0-9]+", _normalise(query)) if len(word) > 1 and word not in STOP_WORDS]


# The FAQ's themes and questions are shown on the FAQ page: found through it, never on their own.
FAQ_PARTS = {"faqthemepage", "faqquestionpage"}


def faq_search(*, query: str, root: Page) -> list[dict]:
    """Questions (and other help pages) matching the query, best first.

    Within a FAQ page, the questions holding every searched word are returned, each with its
    anchor on the FAQ page; Wagtail's search finds the other live pages matching any word.
    """
    terms = _terms(query)
    if not terms:
        return []
    live = Page.objects.live().public().descendant_of(root, inclusive=True)
    results = []
    for faq in live.filter(content_type__app_label="faq", content_type__model="faqindexpage").specific():
        for question in faq.questions():
            title = _normalise(question["question"])
            text = f"{title} {_normalise(strip_tags(question['answer'].source))}"
            if all(term in text for term in terms):
                score = 10 + sum(term in title for term in terms)
                results.append({**question, "url": f"{faq.url}#{question['anchor']}", "score": score})
    # Only words reach the search backend: quotes, colons or brackets are query syntax there
    # (SQLite's FTS5 answers a syntax error to `";exit`).
    words = " ".join(re.findall(r"\w+", query))
    faq_types = ContentType.objects.filter(app_label="faq", model__in=[*FAQ_PARTS, "faqindexpage"])
    others = live.exclude(content_type__in=list(faq_types))
    for page in others.search(words, operator="or"):
        results.append({"question": page.title, "url": page.url, "answer": None, "score": 1})
    return sorted(results, key=lambda result: -result["score"])
