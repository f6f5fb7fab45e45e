"""`manage.py build_css`: Bootstrap trimmed to the rules the portal's pages can use.

Bootstrap's whole stylesheet is about 230 KB, most of it unused by the pages (Lighthouse counted
211 KiB unused). This keeps a rule only when every class its selector needs appears somewhere in
what renders the pages: the project's templates, Python code and scripts, crispy-forms' Bootstrap 5
templates, and the few classes Bootstrap's script adds at run time (« show », « collapsing »...). The
result, static/css/bootstrap.portal.css, is committed; tests/test_stylesheet.py fails when it is no
longer what this command writes (a template started using a new class: run it again).
"""

import re
from pathlib import Path

import crispy_bootstrap5
import crispy_forms
import tinycss2
from django.conf import settings
from django.core.management.base import BaseCommand

SOURCE = "node_modules/bootstrap/dist/css/bootstrap.min.css"
OUTPUT = "static/css/bootstrap.portal.css"
CONTENT_FOLDERS = ["templates", "static/js", "config", "home", "faq", "portal"]
CONTENT_SUFFIXES = {".html", ".js", ".py", ".txt"}
# crispy-forms layouts no form of the portal uses (its accordions, modals and tabs).
UNUSED_CRISPY_TEMPLATES = re.compile(r"^(accordion.*|modal|tab|tab-link)\.html$")

# Classes put together at render time: « alert-{{ message.level_tag }} » (templates/includes/messages.html),
# and the classes and attributes Bootstrap's script sets on the collapse (the phone menu) and the dropdowns
# the pages use (its other components, carousels, modals, toasts..., are left out).
SAFELIST = {
    "alert-info",
    "alert-success",
    "alert-warning",
    "alert-danger",
    "show",
    "collapsing",
    "collapsed",
    "data-bs-popper",
}
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS = re.compile(r"\.((?:[A-Za-z0-9_-]|\\.)+)")
ATTRIBUTE = re.compile(r"\[\s*([A-Za-z0-9_-]+)")
NEGATION = re.compile(r":not\((?:[^()]|\([^()]*\))*\)")


def _content_files(root: Path) -> list[Path]:
    files = [
        path
        for folder in CONTENT_FOLDERS
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in CONTENT_SUFFIXES and "migrations" not in path.parts and path.name != "build_css.py"
    ]
    for package in (crispy_forms, crispy_bootstrap5):
        templates = sorted(Path(package.__file__).parent.joinpath("templates").rglob("*.html"))
        files += [path for path in templates if not UNUSED_CRISPY_TEMPLATES.match(path.name)]
    return files


def used_words(root: Path) -> set[str]:
    """Every word that can end up as a class or attribute name in a page."""
    words = {word for path in _content_files(root) for word in WORD.findall(path.read_text(encoding="utf-8"))}
    return words | SAFELIST


def _selector_used(selector: str, words: set[str]) -> bool:
    needed = NEGATION.sub("", selector)
    classes = [name.replace("\\", "") for name in CLASS.findall(needed)]
    return all(name in words for name in classes) and all(name in words for name in ATTRIBUTE.findall(needed))


def _split_selectors(prelude: str) -> list[str]:
    selectors, depth, current = [], 0, ""
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            selectors.append(current.strip())
            current = ""
        else:
            current += char
    return [*selectors, current.strip()]


def _trim(rules, words: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(tinycss2.serialize(rule.prelude)) if _selector_used(s, words)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "container"):
            inner = _trim(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), words)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude).rstrip()}{{{''.join(inner)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            name = tinycss2.serialize(rule.prelude).strip()
            if name in words:
                kept.append(f"@keyframes {name}{{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def trimmed_bootstrap(root: Path) -> str:
    """The stylesheet the pages link: Bootstrap's licence banner, then the rules they can use."""
    css = (root / SOURCE).read_text(encoding="utf-8")
    banner = re.search(r"/\*!.*?\*/", css, re.S)
    rules = [
        rule
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        if not (rule.type == "at-rule" and rule.lower_at_keyword == "charset")
    ]
    header = (
        f'@charset "UTF-8";\n{banner.group(0) if banner else ""}\n'
        "/* Trimmed to the rules the portal uses by `manage.py build_css` (config/management/commands/"
        "build_css.py): do not edit, run it again. */\n"
    )
    return header + "\n".join(_trim(rules, used_words(root))) + "\n"


class Command(BaseCommand):
    help = "Écrit static/css/bootstrap.portal.css : Bootstrap réduit aux règles utilisées par les pages."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        css = trimmed_bootstrap(root)
        (root / OUTPUT).write_text(css, encoding="utf-8")
        full = (root / SOURCE).stat().st_size
        self.stdout.write(f"{OUTPUT} : {len(css.encode()) // 1024} Ko (Bootstrap entier : {full // 1024} Ko).")
