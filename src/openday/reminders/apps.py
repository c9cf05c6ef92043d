from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "openday.reminders"
    verbose_name = "提醒"

    def ready(self):
        from openday.core.audit import on_action
        from openday.reminders import checks  # noqa: F401  (registers the checks)
        from openday.reminders.events import (
            on_activity_accept,
            on_activity_return,
            on_activity_urge,
            on_declaration_return,
            on_notice_return,
            on_notice_submit,
            on_plan_publish,
        )

        # The domain's events people are told of: the audit actions its services record.
        on_action("declaration.return", on_declaration_return)
        on_action("activity.accept", on_activity_accept)
        on_action("activity.return", on_activity_return)
        on_action("plan.publish", on_plan_publish)
        on_action("activity.urge", on_activity_urge)
        on_action("activity.notice_submit", on_notice_submit)
        on_action("activity.notice_return", on_notice_return)
