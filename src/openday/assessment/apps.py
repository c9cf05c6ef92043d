from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "openday.assessment"
    verbose_name = "考核"

    def ready(self):
        from openday.assessment.events import LISTENERS
        from openday.core.audit import on_action

        # A closed year's scores are computed once, as the year closes, and kept.
        for action, listener in LISTENERS.items():
            on_action(action, listener)
