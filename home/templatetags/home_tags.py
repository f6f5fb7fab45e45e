from django import template
from wagtail.models import Page, Site

from faq.models import ContentPage, FaqQuestionPage, FaqThemePage

from ..models import Announcement

register = template.Library()


def _root(request) -> Page | None:
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def public_menu_pages(context):
    """The main menu for visitors: the home page's live children marked « Afficher dans les menus »."""
    root = _root(context.get("request"))
    if root is None:
        return Page.objects.none()
    return root.get_children().live().public().in_menu()


@register.simple_tag
def footer_pages():
    """The legal pages marked « Afficher en pied de page »."""
    return ContentPage.objects.live().public().filter(show_in_footer=True).order_by("path")


@register.simple_tag(takes_context=True)
def site_tree(context):
    """Every live public page of the site, in tree order, with its depth below the home page."""
    root = _root(context.get("request"))
    if root is None:
        return []
    # The FAQ's themes and questions are listed on the FAQ page, not one by one.
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(root, inclusive=True)
        .not_type(FaqThemePage, FaqQuestionPage)
        .order_by("path")
    )
    return [{"page": page, "level": page.depth - root.depth} for page in pages]


@register.inclusion_tag("home/tags/residence_alerts.html")
def residence_alerts(lease):
    """The news and the alerts of the tenant's residence, for the tenant space's home."""
    return {"announcements": list(Announcement.objects.current().for_lease(lease)) if lease else []}
