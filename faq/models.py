"""The help side of the portal, edited by the communication team in Wagtail.

FaqIndexPage (the FAQ, with its search and helpfulness votes), LivretPage (the livret locataire
and its PDF) and ContentPage (mentions légales, données personnelles, accessibilité, plan du site).
"""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PagePermissionTester, WorkflowState
from wagtail.search import index

from portal.core.cache import CachedPageMixin

from .blocks import ContentStreamBlock, ThemeBlock, WhoDoesWhatBlock, question_anchor
from .panels import HelpfulnessPanel
from .selectors import faq_search


class ReviewedPagePermissionTester(PagePermissionTester):
    """A page under an active moderation workflow goes live only through its approval: no editor
    (superusers aside) may publish or unpublish it directly, whatever the path (edit view, bulk
    actions, « Dépublier », API), since every path asks this tester. The approval itself publishes
    the revision that was approved, so publishing is allowed for that revision alone."""

    def _reviewed(self) -> bool:
        workflow = self.page.get_workflow()
        return not self.user.is_superuser and workflow is not None and workflow.active

    def _latest_revision_approved(self) -> bool:
        state = WorkflowState.objects.for_instance(self.page).order_by("-created_at", "-pk").first()
        latest = self.page.get_latest_revision()
        return (
            state is not None
            and state.status == WorkflowState.STATUS_APPROVED
            and latest is not None
            and state.current_task_state is not None
            and state.current_task_state.revision_id == latest.pk
        )

    def can_publish(self):
        if self._reviewed() and not self._latest_revision_approved():
            return False
        return super().can_publish()

    def can_unpublish(self):
        return not self._reviewed() and super().can_unpublish()


class ReviewedPageMixin:
    def permissions_for_user(self, user):
        return ReviewedPagePermissionTester(user, self)


class FaqIndexPage(ReviewedPageMixin, CachedPageMixin, Page):
    """The FAQ: themes, each with its questions and answers.

    Editors see the themes as blocks; each question gets its own link (#anchor), is found by the
    search box of the page, and collects « Cette réponse vous a-t-elle aidé ? » votes, whose
    counts are in the « Avis des lecteurs » tab.
    """

    intro = RichTextField(_("introduction"), blank=True, help_text=_("Affichée au-dessus de la recherche."))
    body = StreamField(
        [("theme", ThemeBlock())],
        verbose_name=_("thèmes et questions"),
        help_text=_("Un bloc par thème (Mon compte, Paiements...), avec ses questions et leurs réponses."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    # Wagtail's own API (/api/cms/pages/?type=faq.FaqIndexPage&fields=*) for the mobile apps.
    api_fields = [APIField("intro"), APIField("body")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(Page.promote_panels, heading=_("Promotion")),
            ObjectList([HelpfulnessPanel()], heading=_("Avis des lecteurs")),
        ]
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("FAQ")

    def themes(self) -> list[dict]:
        """The themes and questions as the templates and the JSON-LD need them, with their anchors."""
        taken: set[str] = set()
        themes = []
        for block in self.body:
            if block.block_type != "theme":
                continue
            questions = [
                {
                    "id": child.id,
                    "anchor": question_anchor(child.value["question"], taken),
                    "question": child.value["question"],
                    "answer": child.value["answer"],
                }
                for child in block.value["questions"].bound_blocks
            ]
            themes.append(
                {
                    "title": block.value["title"],
                    "anchor": question_anchor(block.value["title"], taken),
                    "questions": questions,
                }
            )
        return themes

    def questions(self) -> list[dict]:
        return [question for theme in self.themes() for question in theme["questions"]]

    def helpfulness_summary(self) -> list[dict]:
        """Per question of the page: how many visitors found the answer helpful or not."""
        counts = {
            row["question_id"]: row
            for row in HelpfulnessVote.objects.filter(page=self)
            .values("question_id")
            .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
        }
        return [
            {
                "question": question["question"],
                "yes": counts.get(question["id"], {}).get("yes", 0),
                "no": counts.get(question["id"], {}).get("no", 0),
            }
            for question in self.questions()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        context["query"] = query
        if query:
            context["results"] = faq_search(query=query, root=self.get_site().root_page)
        else:
            context["themes"] = self.themes()
        return context

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("q", "").strip():
            return "faq/faq_search_results.html"
        return super().get_template(request, *args, **kwargs)


class LivretPage(ReviewedPageMixin, CachedPageMixin, Page):
    """Livret locataire: sections of rich text, « qui fait quoi » tables, and the PDF to download.

    « Mes demandes » links here (site setting « page du livret locataire »).
    """

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(
        ContentStreamBlock(local_blocks=[("who_does_what", WhoDoesWhatBlock())]),
        verbose_name=_("contenu"),
        help_text=_("Sections de texte et tableaux « qui fait quoi » (à la charge du locataire / du bailleur)."),
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("livret en PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Version imprimable proposée au téléchargement en haut de la page."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("pdf"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("livret locataire")


class ContentPage(CachedPageMixin, Page):
    """A help or legal page: mentions légales, données personnelles, accessibilité, plan du site.

    « Afficher en pied de page » puts its link in the footer of every page.
    """

    body = StreamField(ContentStreamBlock(), verbose_name=_("contenu"))
    show_in_footer = models.BooleanField(
        _("afficher en pied de page"),
        default=False,
        help_text=_("Pour les pages légales : mentions légales, données personnelles, accessibilité, plan du site."),
    )

    search_fields = [*Page.search_fields, index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("body")]
    api_fields = [APIField("body")]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("show_in_footer")], heading=_("Pied de page")),
    ]
    parent_page_types = ["home.HomePage", "faq.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")


class HelpfulnessVote(models.Model):
    """One visitor's answer to « Cette réponse vous a-t-elle aidé ? » for one FAQ question.

    Editors see the counts per question in the FAQ page's « Avis des lecteurs » tab.
    """

    page = models.ForeignKey(Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(_("question"), max_length=36, help_text=_("Identifiant du bloc question."))
    visitor = models.CharField(_("visiteur"), max_length=64, help_text=_("Jeton anonyme du visiteur."))
    helpful = models.BooleanField(_("réponse utile"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("avis sur une réponse")
        verbose_name_plural = _("avis sur les réponses")
        constraints = [
            models.UniqueConstraint(fields=["page", "question_id", "visitor"], name="faq_one_vote_per_visitor"),
        ]
        indexes = [models.Index(fields=["page", "question_id"])]

    def __str__(self):
        return f"{self.question_id}: {'oui' if self.helpful else 'non'}"
