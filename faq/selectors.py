"""Reads of the FAQ: search across questions and answers (the helpfulness counts are read by
FaqIndexPage.helpfulness_summary)."""

import re
import unicodedata

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


def faq_search(*, query: str, root: Page) -> list[dict]:
    """Questions (and other help pages) matching the query, best first.

    Wagtail's search finds the live pages whose questions or answers match; within a FAQ page,
    the questions holding every searched word are returned, each with its anchor.
    """
    terms = _terms(query)
    if not terms:
        return []
    # Only words reach the search backend: quotes, colons or brackets are query syntax there
    # (SQLite's FTS5 answers a syntax error to `";exit`).
    words = " ".join(re.findall(r"\w+", query))
    pages = Page.objects.live().public().descendant_of(root, inclusive=True).specific().search(words, operator="or")
    results = []
    for page in pages:
        if hasattr(page, "questions"):  # a FAQ page: its questions are listed one by one
            for question in page.questions():
                title = _normalise(question["question"])
                text = f"{title} {_normalise(strip_tags(question['answer'].source))}"
                if all(term in text for term in terms):
                    score = 10 + sum(term in title for term in terms)
                    results.append({**question, "url": f"{page.url}#{question['anchor']}", "score": score})
        else:
            results.append({"question": page.title, "url": page.url, "answer": None, "score": 1})
    return sorted(results, key=lambda result: -result["score"])
