"""The common words of an English admin, to find any left where a user or staff member looks."""

import re

ENGLISH = re.compile(
    r"\b(Password|Username|Sign in|Log in|Log out|Dashboard|Search|Filter|Filters|Edit|Delete|Save|Cancel|"
    r"Add|Status|Created|Updated|Settings|Account|Help|Next|Previous|Page \d+ of|Sort by|Reset|"
    r"Submit|Loading|Close|Remember me|Forgotten password|No results|Yes|No|None)\b"
)


# Attributes read out or shown: labels, placeholders, titles, alternative texts, button values.
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|placeholder|title|alt|value)="([^"]*)"')


def visible_text(html: str) -> str:
    """The text of the page and the attributes a person reads or hears (hidden inputs left out)."""
    html = re.sub(r"(?is)<(script|style|template|svg)\b.*?</\1\s*>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    html = re.sub(r'(?is)<input\b[^>]*type="hidden"[^>]*>', " ", html)
    read = [value for tag in re.findall(r"<[^>]*>", html) for value in READ_ATTRIBUTES.findall(tag)]
    return "\n".join([re.sub(r"<[^>]*>", "\n", html), *read])


def english_words_in_text(text: str) -> list[str]:
    return sorted(set(ENGLISH.findall(text)))


def english_words(html: str) -> list[str]:
    return english_words_in_text(visible_text(html))
