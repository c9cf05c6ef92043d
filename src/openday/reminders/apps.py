from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "openday.reminders"
    verbose_name = "提醒"

    def ready(self):
        from openday.reminders import checks  # noqa: F401  (registers the checks)
