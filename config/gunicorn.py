"""Gunicorn settings (`gunicorn -c python:config.gunicorn config.wsgi`).

Gunicorn writes `Server: gunicorn` on every response, before Django sees it, so no Django
middleware can drop it: its Response class is replaced here by one without that line (naming
the software tells a scanner which flaws to try).
"""

from gunicorn.http import wsgi


class Response(wsgi.Response):
    def default_headers(self):
        return [line for line in super().default_headers() if not line.lower().startswith("server:")]


wsgi.Response = Response
