from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.leases.selectors import lease_for_user


def tenant_required(view_func):
    """Only a signed-in tenant reaches the view; `request.lease` is their lease, the only one they may see."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        lease = lease_for_user(user=request.user)
        if lease is None:
            raise PermissionDenied
        request.lease = lease
        return view_func(request, *args, **kwargs)

    return wrapper
