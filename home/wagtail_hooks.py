"""Staff screens of the home app: news and alerts, edited by the communication team."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Announcement


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "warning"
    menu_label = _("Actualités")
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["title", "kind", "show_from", "show_until", "live"]
    list_filter = ["kind", "live"]
    search_fields = ["title"]
    ordering = ["-show_from"]


register_snippet(AnnouncementViewSet)


@hooks.register("insert_editor_js")
def editor_accessibility_js():
    return format_html('<script src="{}"></script>', static("js/admin_a11y.js"))
