"""French typography of the pages' text: a non-breaking space inside « guillemets » and before
: ; ! ?, so that a lone « » » or « ? » never wraps to the next line.

Applied to every public and tenant HTML page on the way out (config.middleware), whoever wrote the
text (templates, Wagtail editors, error messages). Only text between tags changes: attributes,
scripts, styles, <pre> and <textarea> (what a tenant typed) are left as they are.
"""

import re

NBSP = "\u00a0"

_UNTOUCHED = re.compile(
    r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<textarea\b.*?</textarea\s*>|<pre\b.*?</pre\s*>"
    r"|<!--.*?-->|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)
_AFTER_OPENING = re.compile(r"«[ \t]+")
_BEFORE_CLOSING = re.compile(r"[ \t]+»")
# « : » after a space, when it ends a word: not « http://x » nor « 12:30 ».
_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([:;!?])(?=\s|$|[»)<&.,])")


def french_spacing_text(text: str) -> str:
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    text = _BEFORE_CLOSING.sub(NBSP + "»", text)
    return _BEFORE_PUNCTUATION.sub(NBSP + r"\1", text)


def french_spacing_html(html: str) -> str:
    parts = _UNTOUCHED.split(html)
    # split() with one group: text at even indexes, tags and untouched blocks at odd ones.
    parts[::2] = [french_spacing_text(part) for part in parts[::2]]
    return "".join(parts)
