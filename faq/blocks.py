"""StreamField blocks of the FAQ, the livret locataire and the help pages."""

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.core.retention import retention_periods

ANSWER_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class QuestionBlock(blocks.StructBlock):
    """One question and its answer; the answer is found by the FAQ search."""

    question = blocks.CharBlock(label=_("question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("réponse"), features=ANSWER_FEATURES)

    class Meta:
        icon = "help"
        label = _("question")


class ThemeBlock(blocks.StructBlock):
    """A theme of the FAQ (« Mon compte », « Paiements »...) and its questions."""

    title = blocks.CharBlock(label=_("thème"), max_length=80)
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("thème")


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre de la section"), max_length=120)
    text = blocks.RichTextBlock(label=_("texte"), features=["h3", "bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "doc-full"
        label = _("section")
        template = "blocks/section.html"


class ResponsibilityBlock(blocks.StructBlock):
    item = blocks.CharBlock(label=_("élément"), max_length=120)
    tenant = blocks.TextBlock(label=_("à la charge du locataire"), required=False)
    landlord = blocks.TextBlock(label=_("à la charge du bailleur"), required=False)


class WhoDoesWhatBlock(blocks.StructBlock):
    """« Qui fait quoi » table: for each element of the home, what the tenant and the landlord do."""

    title = blocks.CharBlock(label=_("titre"), max_length=120)
    rows = blocks.ListBlock(ResponsibilityBlock(), label=_("éléments"))

    class Meta:
        icon = "table"
        label = _("qui fait quoi")
        template = "blocks/who_does_what.html"


class SitemapBlock(blocks.StaticBlock):
    """Lists every public page of the site: the content of « Plan du site »."""

    class Meta:
        icon = "list-ul"
        label = _("plan du site")
        admin_text = _("Affiche la liste de toutes les pages publiées du site.")
        template = "blocks/sitemap.html"


class SurveyRetentionBlock(blocks.StaticBlock):
    """How long the avis d'imposition joined to the SLS and OPS surveys are kept, read from the
    SURVEY_TAX_DOCUMENTS_RETENTION_DAYS setting so that the page always says what the purge does."""

    class Meta:
        icon = "time"
        label = _("conservation des avis d'imposition (enquêtes)")
        admin_text = _("Affiche la durée de conservation des avis d'imposition, réglée par le portail.")
        template = "blocks/survey_retention.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["retention_days"] = settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS
        return context


class RetentionPeriodsBlock(blocks.StaticBlock):
    """How long the portal keeps files, sessions and logs, read from the settings the purges use
    (portal/core/retention.py), so that the privacy page always says what the schedules do."""

    class Meta:
        icon = "time"
        label = _("durées de conservation (fichiers, sessions, journaux)")
        admin_text = _("Affiche les durées de conservation réglées par le portail et appliquées chaque jour.")
        template = "blocks/retention_periods.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["periods"] = retention_periods()
        return context


class ContentStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    paragraph = blocks.RichTextBlock(
        label=_("paragraphe"), features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]
    )
    sitemap = SitemapBlock()
    survey_retention = SurveyRetentionBlock()
    retention_periods = RetentionPeriodsBlock()


def question_anchor(question: str, taken: set[str]) -> str:
    """A readable anchor for a question (« #comment-payer-en-ligne »), unique within its page."""
    base = slugify(question)[:60].strip("-") or "question"
    anchor, suffix = base, 2
    while anchor in taken:
        anchor, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(anchor)
    return anchor
