"""HTML -> PDF with WeasyPrint, for every PDF the portal writes (notices, receipts, certificates,
survey summaries, SEPA mandates).

Nothing is fetched from outside: the templates carry their own CSS, and only inline `data:` URLs
are allowed. One font configuration serves the whole process: fontconfig's set-up and the fonts
WeasyPrint has loaded are paid once, not once per PDF.
"""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

_LOCAL_ONLY = URLFetcher(allowed_protocols={"data"})
FONTS = FontConfiguration()


def html_to_pdf(*, html: str) -> bytes:
    return HTML(string=html, url_fetcher=_LOCAL_ONLY).write_pdf(font_config=FONTS)


def pdf_render(*, template_name: str, context: dict) -> bytes:
    return html_to_pdf(html=render_to_string(template_name, context))
