"""HTML -> PDF with WeasyPrint, from a Django template. Nothing is fetched from outside: the
templates carry their own CSS, and any other URL is refused."""

from django.template.loader import render_to_string
from weasyprint import HTML, default_url_fetcher


class ExternalResourceRefused(Exception):
    pass


def _local_only_fetcher(url: str, *args, **kwargs):
    if not url.startswith("data:"):
        raise ExternalResourceRefused(url)
    return default_url_fetcher(url, *args, **kwargs)


def html_to_pdf(*, html: str) -> bytes:
    return HTML(string=html, url_fetcher=_local_only_fetcher).write_pdf()


def pdf_render(*, template_name: str, context: dict) -> bytes:
    return html_to_pdf(html=render_to_string(template_name, context))
