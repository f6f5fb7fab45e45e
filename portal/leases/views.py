from django.shortcuts import render

from portal.accounts.decorators import tenant_required


@tenant_required
def space_home(request):
    """« Accueil » of the tenant space."""
    return render(request, "leases/space_home.html", {"lease": request.lease})
