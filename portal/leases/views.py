from django.shortcuts import render

from portal.accounts.decorators import tenant_required


@tenant_required
def space_home(request):
    """« Accueil » of the tenant space."""
    return render(request, "leases/space_home.html", {"lease": request.lease})


@tenant_required
def contacts(request):
    """« Mes contacts »: who to call about what, for the tenant's own residence only."""
    from home.models import SiteSettings

    from .selectors import lease_contact_directory

    directory = lease_contact_directory(lease=request.lease)
    support_email = SiteSettings.for_request(request).support_email
    return render(
        request, "leases/contacts.html", {"lease": request.lease, "support_email": support_email, **directory}
    )
