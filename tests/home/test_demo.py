from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.models import Page

from faq import demo_content
from faq.models import ContentPage, FaqIndexPage, LivretPage
from home.models import Announcement
from portal.core.models import SiteSettings


@pytest.mark.django_db
def test_load_demo_creates_the_content_once():
    call_command("load_demo", stdout=StringIO())
    pages, announcements = Page.objects.count(), Announcement.objects.count()
    call_command("load_demo", stdout=StringIO())

    assert Page.objects.count() == pages
    assert Announcement.objects.count() == announcements == 2
    faq = FaqIndexPage.objects.live().get()
    assert [theme["title"] for theme in faq.themes()] == [title for title, _questions in demo_content.FAQ_THEMES]
    assert len(faq.questions()) == sum(len(questions) for _title, questions in demo_content.FAQ_THEMES)
    assert set(ContentPage.objects.live().values_list("slug", flat=True)) == {
        "mentions-legales",
        "donnees-personnelles",
        "accessibilite",
        "plan-du-site",
    }
    livret = LivretPage.objects.live().get()
    assert SiteSettings.load().livret_page_id == livret.pk
    with livret.pdf.file.open("rb") as pdf:
        text = PdfReader(pdf).pages[0].extract_text()
    assert "Livret locataire" in text
    assert faq.get_workflow().name == "Validation FAQ et livret"
