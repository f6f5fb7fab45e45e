from django.utils.functional import SimpleLazyObject

from .selectors import lease_for_user


def tenant_lease(request):
    """`tenant_lease` in every template: the signed-in tenant's lease, loaded only when used."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"tenant_lease": SimpleLazyObject(lambda: getattr(request, "lease", None) or lease_for_user(user=user))}
