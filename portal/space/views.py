import tempfile

from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from portal.billing.selectors import billing_home_summary
from portal.leases.decorators import tenant_required

from .personal_data import personal_data_zip


@tenant_required
def home(request):
    """« Accueil » of the tenant space."""
    return render(
        request,
        "space/home.html",
        {"lease": request.lease, "billing": billing_home_summary(lease=request.lease)},
    )


@tenant_required
def personal_data_download(request):
    """« Télécharger mes données » (from « Modifier mes accès »): the ZIP of the login's data and lease."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    personal_data_zip(user=request.user, target=archive)
    archive.seek(0)
    name = f"mes-donnees-portail-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")
