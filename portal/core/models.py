"""The landlord's settings, and the files tenants upload before their form is sent."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .storage import private_storage


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """The landlord's identity and contacts, shown in the header, the footer, e-mails, notices and mandates.

    Read it one way: `SiteSettings.load()` in Python, `settings.core.SiteSettings` in templates.
    """

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
    signup_code_required = models.BooleanField(
        _("code personnel exigé à l'inscription"),
        default=False,
        help_text=_(
            "Mode renforcé : « Créer mon compte » demande, en plus du numéro de locataire, du nom, du prénom "
            "et de la date de naissance, le code personnel du signataire. Chaque code sert une fois ; il est "
            "importé du logiciel de gestion et imprimé sur l'avis d'échéance. N'activez ce mode qu'une fois "
            "les codes importés et envoyés."
        ),
    )

    panels = [
        FieldPanel("landlord_name"),
        FieldPanel("logo"),
        FieldPanel("support_email"),
        FieldPanel("support_phone"),
        FieldPanel("postal_address"),
        FieldPanel("sepa_creditor_id"),
        FieldPanel("livret_page"),
        FieldPanel("signup_code_required"),
    ]

    class Meta:
        verbose_name = _("réglages du site")


def _stored_file_path(instance, filename):
    return f"{instance.FOLDER}/{uuid.uuid4().hex}/{filename}"


class StoredFile(models.Model):
    """A checked file in private storage (see portal.core.uploads): the file, its thumbnail, its original name."""

    FOLDER = "uploads"

    file = models.FileField(_("fichier"), storage=private_storage, upload_to=_stored_file_path, max_length=255)
    thumbnail = models.FileField(
        _("vignette"), storage=private_storage, upload_to=_stored_file_path, max_length=255, blank=True
    )
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("taille (octets)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class PendingUpload(StoredFile):
    """A checked file uploaded with a form that is not sent yet (or was rejected): kept so nothing is lost.

    Tied to the user and to the form's token; the form's service takes the file over when the form
    is saved. Those left behind are deleted, files included, after PENDING_UPLOAD_MAX_AGE.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_token = models.UUIDField(db_index=True)

    class Meta:
        verbose_name = _("fichier en attente d'envoi")
        verbose_name_plural = _("fichiers en attente d'envoi")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name
