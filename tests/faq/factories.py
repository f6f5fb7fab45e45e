"""Content pages for tests, built like the demo: a FAQ with every theme, a livret, legal pages."""

from wagtail.models import Site

from faq import demo_content
from faq.models import ContentPage, FaqIndexPage, LivretPage


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def publish_child(page, parent=None):
    (parent or home_page()).add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def faq_page_create(themes=demo_content.FAQ_THEMES) -> FaqIndexPage:
    body = [
        ("theme", {"title": title, "questions": [{"question": q, "answer": a} for q, a in questions]})
        for title, questions in themes
    ]
    return publish_child(
        FaqIndexPage(title="Questions fréquentes", slug="faq", show_in_menus=True, intro="<p>Aide</p>", body=body)
    )


def livret_page_create() -> LivretPage:
    body = [
        (
            "who_does_what",
            {
                "title": "Plomberie",
                "rows": [{"item": "Robinets", "tenant": "Changer les joints.", "landlord": "Remplacer le robinet."}],
            },
        )
    ]
    return publish_child(LivretPage(title="Livret locataire", slug="livret-locataire", show_in_menus=True, body=body))


def content_page_create(*, title="Mentions légales", slug="mentions-legales", show_in_footer=True) -> ContentPage:
    body = [("section", {"title": "Éditeur", "text": "<p>Habitat du Gard édite ce portail.</p>"})]
    return publish_child(ContentPage(title=title, slug=slug, show_in_footer=show_in_footer, body=body))
