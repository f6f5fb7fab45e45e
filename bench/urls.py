from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """The anonymous floor: a Django view doing nothing, behind the same middleware as the portal."""
    return HttpResponse("ok", content_type="text/plain")


def bare_user(request):
    """The signed-in floor: the same, with the session and the user loaded."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("bench/bare-user/", bare_user), *portal_urlpatterns]
