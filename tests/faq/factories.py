"""Content pages for tests, built like the demo: a FAQ with every theme, a livret, legal pages."""

from wagtail.models import Site

from faq.models import ContentPage, FaqIndexPage, FaqQuestionPage, FaqThemePage, LivretPage


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def publish_child(page, parent=None):
    (parent or home_page()).add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# The tests' own FAQ, so that editing the demo FAQ (faq/demo_content.py) never breaks a test.
FAQ_THEMES = [
    (
        "Mon compte",
        [
            ("Comment créer mon compte ?", "<p>Munissez-vous de votre numéro de locataire et de votre contrat.</p>"),
            ("J'ai oublié mon mot de passe", "<p>Cliquez sur « Mot de passe oublié ? » sous le formulaire.</p>"),
        ],
    ),
    (
        "Documents",
        [
            (
                "Où trouver mes avis d'échéance et mes bulletins de régularisation de charges ?",
                "<p>Dans « Mes documents », classés par année.</p>",
            ),
            (
                "Pourquoi mes anciens avis d'echeance n'apparaissent-ils pas ?",
                "<p>Seuls les documents émis depuis la création de votre compte sont en ligne.</p>",
            ),
        ],
    ),
    (
        "Paiements",
        [
            ("Puis-je payer une partie de ma dette ?", "<p>Oui : saisissez le montant voulu avant de payer.</p>"),
            (
                "Mon compte bancaire a changé : comment mettre à jour mon RIB ?",
                "<p>Transmettez-nous votre nouveau RIB depuis « Mes paiements » : choisissez « Mettre à jour "
                "le RIB ». Vos prélèvements continuent sans interruption.</p>",
            ),
            ("Quand mon paiement apparaît-il ?", "<p>Dès que la banque l'a confirmé, en général aussitôt.</p>"),
        ],
    ),
]
QUESTION_COUNT = sum(len(questions) for _title, questions in FAQ_THEMES)


def faq_page_create(themes=FAQ_THEMES) -> FaqIndexPage:
    """The FAQ page with its themes and questions as child pages, all published."""
    faq = publish_child(FaqIndexPage(title="Questions fréquentes", slug="faq", show_in_menus=True, intro="<p>Aide</p>"))
    for number, (title, questions) in enumerate(themes):
        theme = publish_child(FaqThemePage(title=title, slug=f"theme-{number}"), faq)
        for index, (question, answer) in enumerate(questions):
            publish_child(FaqQuestionPage(title=question, slug=f"question-{index}", answer=answer), theme)
    faq.refresh_from_db()
    return faq


def faq_question_page(faq: FaqIndexPage, question: str) -> FaqQuestionPage:
    return FaqQuestionPage.objects.descendant_of(faq).get(title=question)


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
