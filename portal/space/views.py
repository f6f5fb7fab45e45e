from django.shortcuts import render

from portal.billing.selectors import billing_home_summary
from portal.core.cache import tenant_page_cached
from portal.leases.decorators import tenant_required


@tenant_page_cached
@tenant_required
def home(request):
    """« Accueil » of the tenant space."""
    return render(
        request,
        "space/home.html",
        {"lease": request.lease, "billing": billing_home_summary(lease=request.lease)},
    )
