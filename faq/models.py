"""The help side of the portal, edited by the communication team in Wagtail.

FaqIndexPage (the FAQ, with its search and helpfulness votes), LivretPage (the livret locataire
and its PDF) and ContentPage (mentions légales, données personnelles, accessibilité, plan du site).
"""

import uuid

from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PagePermissionTester, WorkflowState
from wagtail.rich_text import RichText
from wagtail.search import index

from portal.core.cache import CachedPageMixin

from .blocks import ANSWER_FEATURES, ContentStreamBlock, WhoDoesWhatBlock, question_anchor
from .panels import HelpfulnessPanel
from .selectors import faq_search


def uuid_text() -> str:
    return str(uuid.uuid4())


class ReviewedPagePermissionTester(PagePermissionTester):
    """A page under an active moderation workflow goes live only through its approval: no editor
    (superusers aside) may publish or unpublish it directly, whatever the path (edit view, bulk
    actions, « Dépublier », API), since every path asks this tester. The approval itself publishes
    the revision that was approved, so publishing is allowed for that revision alone."""

    def _reviewed(self) -> bool:
        workflow = self.page.get_workflow()
        return not self.user.is_superuser and workflow is not None and workflow.active

    def _latest_revision_approved(self) -> bool:
        # The approval publishes the latest revision; the approver's edit view may save one more
        # revision just before approving. A revision saved after the approval is not approved.
        state = WorkflowState.objects.for_instance(self.page).order_by("-created_at", "-pk").first()
        latest = self.page.get_latest_revision()
        if state is None or latest is None or state.status != WorkflowState.STATUS_APPROVED:
            return False
        approved_at = state.current_task_state.finished_at if state.current_task_state else None
        return approved_at is not None and latest.created_at <= approved_at

    def can_publish(self):
        if self._reviewed() and not self._latest_revision_approved():
            return False
        return super().can_publish()

    def can_unpublish(self):
        return not self._reviewed() and super().can_unpublish()

    def can_publish_subpage(self):
        # A theme or a question added to the FAQ goes live through the approval too (create view,
        # « Publier les copies » of the copy view, aliases).
        return not self._reviewed() and super().can_publish_subpage()


class ReviewedPageMixin:
    def permissions_for_user(self, user):
        return ReviewedPagePermissionTester(user, self)


class FaqIndexPage(ReviewedPageMixin, CachedPageMixin, Page):
    """The FAQ: its themes are child pages (« Thème »), each holding its questions as child pages
    (« Question » and its « Réponse »), shown together on this one public page.

    An editor opens one question at a time, so the editor stays fast whatever the size of the FAQ
    (bench/bench_faq_editor.py); themes and questions are ordered in the page explorer. Each question
    gets its own link (#anchor), is found by the search box of the page, and collects « Cette
    réponse vous a-t-elle aidé ? » votes, whose counts are in the « Avis des lecteurs » tab.
    """

    intro = RichTextField(_("Introduction"), blank=True, help_text=_("Affichée au-dessus de la recherche."))

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        HelpPanel(
            content=_(
                "<p>Les thèmes de la FAQ sont les sous-pages de cette page, et les questions les sous-pages "
                "de chaque thème : « Ajouter une sous-page » crée un thème, puis une question dans un thème. "
                "L'ordre des sous-pages est celui de la FAQ publiée.</p>"
            ),
            heading=_("Thèmes et questions"),
        ),
    ]
    # Wagtail's own API (/api/cms/pages/?type=faq.FaqIndexPage&fields=*) for the mobile apps: the
    # whole FAQ in one answer, as the page shows it.
    api_fields = [APIField("intro"), APIField("faq_themes")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(Page.promote_panels, heading=_("Promotion")),
            ObjectList([HelpfulnessPanel()], heading=_("Avis des lecteurs")),
        ]
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["faq.FaqThemePage"]

    class Meta:
        verbose_name = _("FAQ")

    def themes(self) -> list[dict]:
        """The live themes and questions as the templates and the JSON-LD need them, with their
        anchors, in the order of the page explorer (two queries, whatever the size of the FAQ)."""
        themes = FaqThemePage.objects.child_of(self).live().order_by("path")
        questions_by_theme: dict[str, list[FaqQuestionPage]] = {}
        for question in FaqQuestionPage.objects.descendant_of(self).live().order_by("path"):
            questions_by_theme.setdefault(question.path[: -Page.steplen], []).append(question)
        taken: set[str] = set()
        result = []
        for theme in themes:
            questions = [
                {
                    "id": question.vote_key,
                    "page_id": question.pk,
                    "anchor": question_anchor(question.title, taken),
                    "question": question.title,
                    "answer": RichText(question.answer),
                }
                for question in questions_by_theme.get(theme.path, [])
            ]
            result.append({"title": theme.title, "anchor": question_anchor(theme.title, taken), "questions": questions})
        return result

    def questions(self) -> list[dict]:
        return [question for theme in self.themes() for question in theme["questions"]]

    @property
    def faq_themes(self) -> list[dict]:
        """The themes and questions for the API: answers as HTML, anchors as on the page."""
        return [
            {
                "title": theme["title"],
                "anchor": theme["anchor"],
                "questions": [
                    {"question": q["question"], "anchor": q["anchor"], "answer": str(q["answer"])}
                    for q in theme["questions"]
                ],
            }
            for theme in self.themes()
        ]

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


class FaqChildPageMixin(ReviewedPageMixin):
    """A theme or a question lives on the FAQ page: its own address leads there, at its anchor;
    the editor's preview shows it alone. Neither is listed in the sitemaps."""

    def faq_anchor(self, faq: FaqIndexPage) -> str:
        raise NotImplementedError

    def serve(self, request, *args, **kwargs):
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        faq = FaqIndexPage.objects.ancestor_of(self).first()
        if faq is None:
            raise Http404
        return HttpResponseRedirect(f"{faq.url}#{self.faq_anchor(faq)}")

    def get_sitemap_urls(self, request=None):
        return []


class FaqThemePage(FaqChildPageMixin, Page):
    """A theme of the FAQ (« Mon compte », « Paiements »...): its questions are its sub-pages."""

    content_panels = [
        FieldPanel("title", heading=_("Thème"), help_text=_("Le titre du thème, par exemple « Paiements ».")),
    ]
    parent_page_types = ["faq.FaqIndexPage"]
    subpage_types = ["faq.FaqQuestionPage"]

    class Meta:
        verbose_name = _("thème de la FAQ")
        verbose_name_plural = _("thèmes de la FAQ")

    def faq_anchor(self, faq: FaqIndexPage) -> str:
        return next((theme["anchor"] for theme in faq.themes() if theme["title"] == self.title), "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["questions"] = [
            {"question": question.title, "answer": RichText(question.answer)}
            for question in FaqQuestionPage.objects.child_of(self).order_by("path")
        ]
        return context


class FaqQuestionPage(FaqChildPageMixin, Page):
    """One question of the FAQ (the page title) and its answer, found by the FAQ search."""

    answer = RichTextField(
        _("Réponse"),
        features=ANSWER_FEATURES,
        help_text=_("Une réponse courte et concrète ; des listes numérotées pour les étapes à suivre."),
    )
    # The votes « Cette réponse vous a-t-elle aidé ? » point at this key (kept from the FAQ's
    # former question blocks, so that their votes stay with their question).
    vote_key = models.CharField(
        _("identifiant des avis"), max_length=36, default=uuid_text, unique=True, editable=False
    )

    search_fields = [*Page.search_fields, index.SearchField("answer")]
    content_panels = [
        FieldPanel(
            "title",
            heading=_("Question"),
            help_text=_(
                "La question telle qu'un locataire la poserait, par exemple « Comment payer mon loyer en ligne ? »."
            ),
        ),
        FieldPanel("answer"),
    ]
    api_fields = [APIField("answer")]
    parent_page_types = ["faq.FaqThemePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("question de la FAQ")
        verbose_name_plural = _("questions de la FAQ")

    def faq_anchor(self, faq: FaqIndexPage) -> str:
        return next((question["anchor"] for question in faq.questions() if question["page_id"] == self.pk), "")


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
