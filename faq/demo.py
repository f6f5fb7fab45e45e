"""Demo help content: the FAQ, the livret locataire (with its PDF) and the legal pages.

Each page is created once, found again by its slug: a second run (or an editor's changes) is left
alone.
"""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from wagtail.documents import get_document_model
from wagtail.models import Site
from weasyprint import HTML

from portal.accounts.groups import COMMUNICATION
from portal.core.models import SiteSettings

from . import demo_content as content
from .groups import moderation_workflow_sync
from .models import ContentPage, FaqIndexPage, LivretPage

LIVRET_PDF_TITLE = "Livret locataire (PDF)"


PRIVACY_SLUG = "donnees-personnelles"


def load(*, stdout) -> None:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    settings = SiteSettings.load()

    faq = _child(home, FaqIndexPage, slug="faq") or _publish(
        home,
        FaqIndexPage(
            title="Questions fréquentes",
            slug="faq",
            show_in_menus=True,
            intro=content.FAQ_INTRO,
            body=[
                (
                    "theme",
                    {
                        "title": title,
                        "questions": [{"question": question, "answer": answer} for question, answer in questions],
                    },
                )
                for title, questions in content.FAQ_THEMES
            ],
        ),
    )
    livret = _child(home, LivretPage, slug="livret-locataire") or _publish(
        home,
        LivretPage(
            title="Livret locataire",
            slug="livret-locataire",
            show_in_menus=True,
            intro=content.LIVRET_INTRO,
            pdf=_livret_pdf(landlord_name=settings.landlord_name),
            body=[
                *[("section", {"title": title, "text": text}) for title, text in content.LIVRET_SECTIONS],
                *[
                    (
                        "who_does_what",
                        {
                            "title": title,
                            "rows": [
                                {"item": item, "tenant": tenant, "landlord": landlord}
                                for item, tenant, landlord in rows
                            ],
                        },
                    )
                    for title, rows in content.LIVRET_TABLES
                ],
            ],
        ),
    )
    pages = content.legal_pages(
        landlord_name=settings.landlord_name,
        postal_address=settings.postal_address,
        support_email=settings.support_email,
        support_phone=settings.support_phone,
    )
    for slug, title, sections in pages:
        existing = _child(home, ContentPage, slug=slug)
        if existing:
            if slug == PRIVACY_SLUG:
                _privacy_retention_add(existing)
            continue
        body = (
            [("section", {"title": section_title, "text": text}) for section_title, text in sections]
            if sections
            else [("sitemap", None)]
        )
        if slug == PRIVACY_SLUG:
            body += [("retention_periods", None), ("survey_retention", None)]
        _publish(home, ContentPage(title=title, slug=slug, show_in_footer=True, body=body))

    if settings.livret_page_id is None:
        settings.livret_page = livret
        settings.save()
    moderation_workflow_sync(group=Group.objects.get(name=COMMUNICATION))
    questions = len(faq.questions())
    stdout.write(f"FAQ : {questions} questions ; livret locataire et {len(pages)} pages d'aide publiés.")


def _privacy_retention_add(page) -> None:
    """A privacy page published before the surveys (or the retention list) existed gets the
    missing retention blocks once."""
    present = {block.block_type for block in page.body}
    missing = [name for name in ("retention_periods", "survey_retention") if name not in present]
    if not missing:
        return
    for name in missing:
        page.body.append((name, None))
    page.save_revision().publish()


def _child(parent, model, *, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _livret_pdf(*, landlord_name: str):
    """The printable livret, rendered by WeasyPrint from the same texts as the page."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=LIVRET_PDF_TITLE).first()
    if existing:
        return existing
    html = render_to_string(
        "faq/livret_pdf.html",
        {
            "landlord_name": landlord_name,
            "intro": content.LIVRET_INTRO,
            "sections": content.LIVRET_SECTIONS,
            "tables": content.LIVRET_TABLES,
        },
    )
    pdf = HTML(string=html).write_pdf()
    document = document_model(title=LIVRET_PDF_TITLE)
    document.file.save("livret-locataire.pdf", ContentFile(pdf), save=False)
    document.save()
    return document
