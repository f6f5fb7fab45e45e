from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from faq.models import ContentPage, FaqIndexPage, LivretPage
from home.models import Announcement, HomePage
from portal.core.models import SiteSettings
from tests.factories import ResidenceFactory
from tests.faq.factories import content_page_create, faq_page_create, home_page, livret_page_create


# Plain pytest rather than WagtailPageTestCase: a Django TestCase class in the run drops the
# serialized database that the browser journeys restore between tests.
@pytest.mark.django_db
def test_editors_add_help_pages_under_the_home_page_only():
    assert set(HomePage.allowed_subpage_models()) == {FaqIndexPage, LivretPage, ContentPage}
    assert set(FaqIndexPage.allowed_parent_page_models()) == {HomePage}
    assert set(ContentPage.allowed_parent_page_models()) == {HomePage, ContentPage}
    assert ContentPage.can_create_at(home_page())
    assert not FaqIndexPage.can_create_at(Page.get_first_root_node())
    faq_page_create()
    assert not FaqIndexPage.can_create_at(home_page())  # one FAQ per site


@pytest.mark.django_db
def test_every_page_type_renders(client):
    for page in (faq_page_create(), livret_page_create(), content_page_create(), home_page()):
        response = client.get(page.url)
        assert response.status_code == 200
        assert f"<h1>{page.title}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_home_page_offers_login_sign_up_and_links_to_help(client):
    faq = faq_page_create()
    livret = livret_page_create()
    site_settings = SiteSettings.load()
    site_settings.livret_page = livret
    site_settings.save()

    response = client.get("/")

    html = response.content.decode()
    assert "Connectez-vous" in html
    assert 'href="/compte/inscription/"' in html or "Créer mon compte" in html
    assert f'href="{faq.url}"' in html
    assert f'href="{livret.url}"' in html
    # Main menu: pages marked « show in menus ».
    assert f'<a class="nav-link" href="{faq.url}">Questions fréquentes</a>' in html


@pytest.mark.django_db
def test_footer_lists_legal_pages_and_support_contact(client):
    legal = content_page_create()
    hidden = content_page_create(title="Brouillon interne", slug="interne", show_in_footer=False)
    site_settings = SiteSettings.load()
    site_settings.support_phone = "04 66 12 34 56"
    site_settings.save()

    html = client.get(legal.url).content.decode()

    footer = html[html.index("<footer") :]
    assert "Mentions légales" in footer
    assert hidden.title not in footer
    assert "portail-locataire@hdg30.fr" in footer
    assert "04 66 12 34 56" in footer


@pytest.mark.django_db
def test_home_page_shows_current_public_news_only(client):
    today = timezone.localdate()

    def news(title, **fields):
        item = Announcement(title=title, text="<p>Texte</p>", show_from=fields.pop("show_from", today), **fields)
        item.save()
        item.save_revision().publish()
        return item

    news("Actualité du jour")
    news("Actualité passée", show_from=today - timedelta(days=10), show_until=today - timedelta(days=1))
    news("Actualité future", show_from=today + timedelta(days=1))
    news("Alerte ciblée", residences=[ResidenceFactory()])
    draft = Announcement(title="Brouillon", text="<p>x</p>", show_from=today, live=False)
    draft.save()

    html = client.get("/").content.decode()

    assert "Actualité du jour" in html
    for hidden in ("Actualité passée", "Actualité future", "Alerte ciblée", "Brouillon"):
        assert hidden not in html


@pytest.mark.django_db
def test_plan_du_site_lists_every_public_page(client):
    faq = faq_page_create()
    sitemap = content_page_create(title="Plan du site", slug="plan-du-site")
    sitemap.body = [("sitemap", None)]
    sitemap.save_revision().publish()

    html = client.get(sitemap.url).content.decode()

    assert f'<a href="{faq.url}">Questions fréquentes</a>' in html
    assert '<a href="/">' in html


@pytest.mark.django_db
def test_every_public_page_has_a_meta_description_the_promote_tab_can_set(client):
    home = HomePage.objects.live().get(depth=2)
    default = client.get("/").content.decode()
    assert '<meta name="description" content="Portail locataire' in default

    home.search_description = "Votre espace locataire en ligne, jour et nuit."
    home.save_revision().publish()
    assert '<meta name="description" content="Votre espace locataire en ligne, jour et nuit.">' in (
        client.get("/").content.decode()
    )
    assert '<meta name="description"' in client.get("/compte/connexion/").content.decode()
