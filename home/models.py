from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The portal's public home page: what the portal offers, and the « Connectez-vous » block."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Texte d'accueil affiché à côté du bloc « Connectez-vous »."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from portal.accounts.forms import LoginForm

        context = super().get_context(request, *args, **kwargs)
        context["login_form"] = LoginForm(request)
        return context


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """The landlord's identity and contacts, shown in the header, the footer and every e-mail."""

    landlord_name = models.CharField(
        _("nom du bailleur"),
        max_length=120,
        default="Habitat du Gard",
        help_text=_("Affiché en pied de page et dans les e-mails."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Affiché en haut de chaque page ; sans logo, le nom du portail est affiché."),
    )
    support_email = models.EmailField(
        _("e-mail d'assistance"),
        default="portail-locataire@hdg30.fr",
        help_text=_("Adresse à laquelle les locataires écrivent en cas de difficulté avec le portail."),
    )
    support_phone = models.CharField(
        _("téléphone d'assistance"),
        max_length=30,
        default="04 66 00 00 00",
        help_text=_("Numéro affiché en pied de page."),
    )
    postal_address = models.TextField(
        _("adresse postale"),
        default="Habitat du Gard\n1 rue de l'exemple\n30000 Nîmes",
        help_text=_("Adresse du siège, utilisée dans les documents et le mandat SEPA."),
    )
    sepa_creditor_id = models.CharField(
        _("identifiant créancier SEPA (ICS)"),
        max_length=35,
        default="FR00ZZZ000000",
        help_text=_("Figure sur les mandats de prélèvement et les avis d'échéance."),
    )
    livret_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page du livret locataire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Lien proposé dans « Mes demandes » sur les réparations à la charge du locataire."),
    )

    panels = [
        FieldPanel("landlord_name"),
        FieldPanel("logo"),
        FieldPanel("support_email"),
        FieldPanel("support_phone"),
        FieldPanel("postal_address"),
        FieldPanel("sepa_creditor_id"),
        FieldPanel("livret_page"),
    ]

    class Meta:
        verbose_name = _("réglages du site")
