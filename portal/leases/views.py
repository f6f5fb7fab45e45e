from django.shortcuts import render

from portal.accounts.decorators import tenant_required
from portal.billing.selectors import billing_home_summary


@tenant_required
def space_home(request):
    """« Accueil » of the tenant space."""
    return render(
        request,
        "leases/space_home.html",
        {"lease": request.lease, "billing": billing_home_summary(lease=request.lease)},
    )
