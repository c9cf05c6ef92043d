from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "openday.activities"
    verbose_name = "活动计划"

    def ready(self) -> None:
        from openday.activities.deadlines import refresh_years
        from openday.workdays.services import on_arrangements_changed

        # Deadlines on working days move when a year's holiday arrangement is entered.
        on_arrangements_changed(refresh_years)
