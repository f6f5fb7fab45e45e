"""Staff form: file a PDF for a lease from the Wagtail admin."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.leases.models import Lease

from . import services
from .enums import ONE_PER_PERIOD_KINDS, PORTAL_ONLY_KINDS
from .models import Document

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class DocumentUploadForm(WagtailAdminModelForm):
    """Create: numéro de locataire + type + période + PDF. Edit: the title, kind and period only."""

    tenant_number = forms.CharField(
        label=_("numéro de locataire"), max_length=20, help_text=_("Le numéro du bail, par exemple 100001.")
    )
    upload = forms.FileField(
        label=_("fichier PDF"),
        validators=[FileExtensionValidator(["pdf"])],
        help_text=_("PDF de 20 Mo au plus. Les locataires du bail sont prévenus par e-mail."),
    )

    class Meta:
        model = Document
        fields = ["kind", "period", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] not in PORTAL_ONLY_KINDS]
        self.fields["title"].help_text = _("Laissez vide pour « Avis d'échéance novembre 2026 » et similaires.")
        if self.instance.pk:
            del self.fields["tenant_number"]
            del self.fields["upload"]

    def clean_tenant_number(self):
        number = self.cleaned_data["tenant_number"].strip()
        lease = Lease.objects.filter(tenant_number=number).first()
        if lease is None:
            raise forms.ValidationError(
                _("Aucun bail ne porte le numéro de locataire %(number)s."), params={"number": number}
            )
        return lease

    def clean_period(self):
        return self.cleaned_data["period"].replace(day=1)

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 20 Mo."))
        content = upload.read()
        try:
            services.pdf_check(content=content)
        except services.NotAPdf as error:
            raise forms.ValidationError(_("Fichier refusé : %(reason)s.") % {"reason": error}) from error
        return content

    def clean(self):
        cleaned = super().clean()
        lease, kind, period = cleaned.get("tenant_number"), cleaned.get("kind"), cleaned.get("period")
        is_new = not self.instance.pk and lease and period and kind in ONE_PER_PERIOD_KINDS
        if is_new and Document.objects.filter(lease=lease, kind=kind, period=period).exists():
            self.add_error("period", _("Ce bail a déjà ce document pour ce mois-là."))
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            if not self.cleaned_data.get("title"):
                self.instance.title = services.document_title(kind=self.instance.kind, period=self.instance.period)
            return super().save(commit=commit)
        self.instance = services.document_upload(
            lease=self.cleaned_data["tenant_number"],
            kind=self.cleaned_data["kind"],
            period=self.cleaned_data["period"],
            title=self.cleaned_data.get("title", ""),
            content=self.cleaned_data["upload"],
            user=self.for_user,
        )
        return self.instance
