from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "openday.activities"
    verbose_name = "活动计划"

    def ready(self) -> None:
        from openday.activities.deadlines import refresh_rules, refresh_years
        from openday.activities.unit_merge import hosts_move_unit
        from openday.campaigns.rules import on_rules_changed
        from openday.orgs.services import on_unit_merge
        from openday.workdays.services import on_arrangements_changed

        # Deadlines on working days move when a year's holiday arrangement is entered.
        on_arrangements_changed(refresh_years)
        # And when a campaign's rules change (the rules page), in the same transaction.
        on_rules_changed(refresh_rules)
        # A unit merged into another: the activities it hosts move with it.
        on_unit_merge(hosts_move_unit)
