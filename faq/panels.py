from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class HelpfulnessPanel(Panel):
    """Counts of « Cette réponse vous a-t-elle aidé ? » answers, per question of the FAQ."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Cette réponse vous a-t-elle aidé ?"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "faq/panels/helpfulness_panel.html"

        def is_shown(self):
            return self.request.user.has_perm("faq.view_helpfulnessvote")

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rows"] = self.instance.helpfulness_summary() if self.instance.pk else []
            return context
