from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "openday.reminders"
    verbose_name = "提醒"
