from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "portal.surveys"
    label = "surveys"
    verbose_name = _("Enquêtes SLS et OPS")

    def ready(self):
        from portal.space.personal_data import personal_data_section_register

        from .personal_data import survey_answers_collect

        personal_data_section_register("enquetes", survey_answers_collect)
