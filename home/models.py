from datetime import date

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index

from faq.models import FaqIndexPage
from portal.accounts.forms import LoginForm
from portal.core.cache import CachedPageMixin


class FeatureBlock(blocks.StructBlock):
    """One thing the portal lets a tenant do, shown as a card on the home page."""

    title = blocks.CharBlock(label=_("titre"), max_length=80)
    text = blocks.TextBlock(label=_("texte"), max_length=300)

    class Meta:
        icon = "tick-inverse"
        label = _("service proposé")
        template = "blocks/feature.html"


class HomePage(CachedPageMixin, Page):
    """The portal's public home page.

    Editors see: the welcome text next to the « Connectez-vous » block, the list of services the
    portal offers, and the news and alerts published under « Actualités et alertes » (those not
    targeted to residences appear here, between their display dates).
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Texte d'accueil affiché à côté du bloc « Connectez-vous »."),
    )
    features = StreamField(
        [("feature", FeatureBlock())],
        verbose_name=_("ce que propose le portail"),
        blank=True,
        help_text=_("Les services du portail, présentés en cartes sous le texte d'accueil."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("features")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["faq.FaqIndexPage", "faq.LivretPage", "faq.ContentPage"]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["login_form"] = LoginForm(request)
        context["announcements"] = Announcement.objects.current().public()
        context["faq_page"] = FaqIndexPage.objects.live().public().descendant_of(self).first()
        return context


class AnnouncementForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("show_from"), cleaned_data.get("show_until")
        if start and end and end < start:
            self.add_error("show_until", _("La date de fin doit suivre la date de début."))
        return cleaned_data


class AnnouncementQuerySet(models.QuerySet):
    def current(self, *, today: date | None = None):
        """Published and between their display dates; alerts before news."""
        today = today or timezone.localdate()
        return (
            self.filter(live=True, show_from__lte=today)
            .filter(Q(show_until__isnull=True) | Q(show_until__gte=today))
            .order_by("kind", "-show_from", "title")
        )

    def public(self):
        """For everyone (the public home page): not targeted to any residence."""
        return self.filter(residences__isnull=True)

    def for_lease(self, lease):
        """What a tenant sees in their space: the alerts of their residence and the news for everyone."""
        return self.filter(Q(residences=lease.residence_id) | Q(residences__isnull=True)).distinct()


class Announcement(PreviewableMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    """Actualité ou alerte written by the communication team.

    Without residences it is shown on the public home page; with residences it is shown only in
    the tenant space of those residences' tenants (e.g. a water cut in one building). In both
    cases only while published and between its display dates.
    """

    class Kind(models.TextChoices):
        NEWS = "news", _("Actualité")
        ALERT = "alert", _("Alerte")

    title = models.CharField(_("titre"), max_length=120)
    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text=_("Une alerte est mise en évidence (coupure d'eau, travaux, panne d'ascenseur...)."),
    )
    text = RichTextField(_("texte"), features=["bold", "italic", "link", "ul"])
    show_from = models.DateField(_("affichée à partir du"), help_text=_("Premier jour d'affichage."))
    show_until = models.DateField(
        _("affichée jusqu'au"), null=True, blank=True, help_text=_("Dernier jour d'affichage ; vide : sans fin.")
    )
    residences = ParentalManyToManyField(
        "leases.Residence",
        verbose_name=_("résidences concernées"),
        blank=True,
        related_name="+",
        help_text=_(
            "Vide : publiée sur la page d'accueil pour tous. Sinon : visible seulement dans l'espace "
            "des locataires de ces résidences."
        ),
    )

    objects = AnnouncementQuerySet.as_manager()

    base_form_class = AnnouncementForm
    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("show_from"), FieldPanel("show_until")], heading=_("Dates d'affichage")),
        MultiFieldPanel(
            [FieldPanel("residences", widget=forms.CheckboxSelectMultiple)], heading=_("Résidences ciblées")
        ),
    ]

    class Meta:
        verbose_name = _("actualité ou alerte")
        verbose_name_plural = _("actualités et alertes")
        ordering = ["-show_from", "title"]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "home/announcement_preview.html"

    def get_preview_context(self, request, mode_name):
        return {"announcements": [self]}
