from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "openday.activities"
    verbose_name = "活动计划"
