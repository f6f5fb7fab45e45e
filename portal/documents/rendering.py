"""HTML -> PDF with WeasyPrint, from a Django template. Nothing is fetched from outside: the
templates carry their own CSS, and only inline `data:` URLs are allowed."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

_LOCAL_ONLY = URLFetcher(allowed_protocols={"data"})
# One font configuration for the process: fontconfig's set-up is paid once, not once per PDF.
FONTS = FontConfiguration()


def html_to_pdf(*, html: str) -> bytes:
    return HTML(string=html, url_fetcher=_LOCAL_ONLY).write_pdf(font_config=FONTS)


def pdf_render(*, template_name: str, context: dict) -> bytes:
    return html_to_pdf(html=render_to_string(template_name, context))
