"""Pages link Bootstrap trimmed to the rules they use (`manage.py build_css`), never the whole of it
(Lighthouse counted 211 KiB of unused CSS), as a file (strict CSP: no inline style)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from config.management.commands.build_css import OUTPUT, SOURCE, trimmed_bootstrap

ROOT = Path(settings.BASE_DIR)


def test_the_committed_stylesheet_is_what_build_css_writes_today():
    """A template, form or script that starts using a Bootstrap class needs `manage.py build_css`."""
    assert (ROOT / OUTPUT).read_text(encoding="utf-8") == trimmed_bootstrap(ROOT), (
        "static/css/bootstrap.portal.css is out of date: run `.venv/bin/python manage.py build_css`"
    )


def test_the_trimmed_stylesheet_is_a_third_of_bootstrap_and_keeps_what_pages_and_scripts_need():
    css = (ROOT / OUTPUT).read_text(encoding="utf-8")
    assert len(css.encode()) < (ROOT / SOURCE).stat().st_size / 3
    assert "Licensed under MIT" in css
    for rule in (".navbar-toggler{", ".collapse:not(.show){", ".collapsing{", ".dropdown-menu.show{", ".is-invalid"):
        assert rule in css, rule
    for unused in (".carousel", ".offcanvas", ".toast{", ".popover{", ".placeholder-wave"):
        assert unused not in css, unused


def _stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


@pytest.mark.django_db
def test_no_page_links_the_whole_bootstrap_stylesheet(tenant_client):
    public = Client().get("/").content.decode()
    space = tenant_client.get(reverse("space:home")).content.decode()
    for html in (public, space):
        sheets = _stylesheets(html)
        assert any(sheet.endswith("css/bootstrap.portal.css") for sheet in sheets), sheets
        assert not any("bootstrap.min.css" in sheet for sheet in sheets), sheets
        assert "<style" not in html
    templates = [path for path in (ROOT / "templates").rglob("*.html") if "bootstrap.min.css" in path.read_text()]
    assert templates == []
