from django.shortcuts import render
from wagtail.models import Site

from home.models import SiteSettings
from portal.accounts.decorators import tenant_required
from portal.billing.selectors import billing_home_summary

from .selectors import lease_contact_directory


@tenant_required
def space_home(request):
    """« Accueil » of the tenant space."""
    return render(
        request,
        "leases/space_home.html",
        {"lease": request.lease, "billing": billing_home_summary(lease=request.lease)},
    )


@tenant_required
def contacts(request):
    """« Mes contacts »: who to call about what, for the tenant's own residence only."""
    site = Site.find_for_request(request)
    # No Wagtail site for this host name: the landlord's defaults still give a support address.
    site_settings = SiteSettings.for_site(site) if site else SiteSettings()
    context = {
        "lease": request.lease,
        "support_email": site_settings.support_email,
        **lease_contact_directory(lease=request.lease),
    }
    return render(request, "leases/contacts.html", context)
