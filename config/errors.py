"""The answer when Django itself fails: a database that does not answer (restart, failover) is a
503 « Service momentanément indisponible » with Retry-After, any other fault the French 500 page.

Both pages are rendered without the request: no context processor, no session, no database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

DATABASE_RETRY_AFTER_SECONDS = 30


def database_unavailable(exception: BaseException | None) -> bool:
    """A connection that cannot be opened or was cut, wherever it surfaced (psycopg or Django's wrapper)."""
    while exception is not None:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def server_error(request, template_name: str = "500.html"):
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
