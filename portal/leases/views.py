from django.shortcuts import render

from portal.core.models import SiteSettings

from .decorators import tenant_required
from .selectors import lease_contact_directory


@tenant_required
def contacts(request):
    """« Mes contacts »: who to call about what, for the tenant's own residence only."""
    context = {
        "lease": request.lease,
        "support_email": SiteSettings.load(request).support_email,
        **lease_contact_directory(lease=request.lease),
    }
    return render(request, "leases/contacts.html", context)
