"""No English left where staff look: every page each staff group opens from the sidebar, and the
login form, scanned for the common words of an English admin."""

import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from tests.conftest import MODEL_BACKEND
from tests.english import english_words, visible_text
from tests.factories import StaffUserFactory


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


@pytest.mark.parametrize("template", ["home.html", "shared/header.html"])
def test_our_copies_of_wagtail_templates_change_only_the_english_search_button(template):
    """Wagtail writes value="Search" in these templates: our copies say « Rechercher ». When Wagtail
    changes its own, this fails so that the copy is made again from the new version."""
    theirs = (Path(wagtail.__file__).parent / "admin/templates/wagtailadmin" / template).read_text()
    ours = (Path(settings.BASE_DIR) / "templates/wagtailadmin" / template).read_text()
    assert 'value="Search"' not in ours.split("\n", 1)[1]
    assert ours.split("\n", 1)[1] == theirs.replace('value="Search"', 'value="Rechercher"')
