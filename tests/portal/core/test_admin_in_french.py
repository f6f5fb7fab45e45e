"""No English left where staff look: every page each staff group opens from the sidebar, and the
login form, scanned for the common words of an English admin."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from tests.conftest import MODEL_BACKEND
from tests.factories import StaffUserFactory

ENGLISH = re.compile(
    r"\b(Password|Username|Sign in|Log in|Log out|Dashboard|Search|Filter|Filters|Edit|Delete|Save|Cancel|"
    r"Add|Status|Created|Updated|Settings|Account|Help|Next|Previous|Page \d+ of|Sort by|Reset|"
    r"Submit|Loading|Close|Remember me|Forgotten password|No results|Yes|No|None)\b"
)


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|template|svg)\b.*?</\1\s*>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    return re.sub(r"<[^>]*>", "\n", html)


def english_words(html: str) -> list[str]:
    return sorted(set(ENGLISH.findall(visible_text(html))))


@pytest.mark.django_db
def test_the_admin_login_is_in_french():
    page = Client().get("/admin/login/").content.decode()
    assert english_words(page) == []
    assert "Mot de passe" in visible_text(page)


@pytest.mark.parametrize("group", ["Service client", "Gestion technique", "Communication"])
def test_every_sidebar_page_of_each_staff_group_is_in_french(db, group):
    client = Client()
    client.force_login(StaffUserFactory(group=group), backend=MODEL_BACKEND)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar's links are in its JSON props: every admin path it offers this group.
    links = sorted(set(re.findall(r'"url": "(/admin/[^"]*)"', home)))
    assert links, "the sidebar offers pages"
    found = {"/admin/": english_words(home)}
    for link in links:
        response = client.get(link)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found[link] = english_words(response.content.decode())
    assert {path: words for path, words in found.items() if words} == {}


@pytest.mark.parametrize("group", ["Service client", "Gestion technique", "Communication"])
def test_sidebar_labels_fit_the_sidebar(db, rf, group):
    """Wagtail's sidebar shows about 14 characters of a label before « … »
    (« Dossiers locat… », « Logiciel de ges… » were cut)."""
    request = rf.get("/admin/")
    request.user = StaffUserFactory(group=group)
    labels = [str(item.label) for item in admin_menu.menu_items_for_request(request)]
    assert labels
    assert [label for label in labels if len(label) > 14] == []
