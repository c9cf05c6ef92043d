from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "openday.reminders"
    verbose_name = "提醒"

    def ready(self):
        from openday.core.audit import on_action
        from openday.reminders import checks  # noqa: F401  (registers the checks)
        from openday.reminders.events import LISTENERS

        # The domain's events people are told of: the audit actions its services record.
        for action, listener in LISTENERS.items():
            on_action(action, listener)

        from openday.participation.questionnaires_phone import on_phone_code
        from openday.reminders.phone_codes import send_phone_code

        # A questionnaire's one-time phone code goes out on the office's SMS webhook.
        on_phone_code(send_phone_code)

        from openday.reminders.jobs.signups import on_signup_promote

        # A sign-up moved up from the waiting list is told by e-mail, if it gave one.
        on_action("participation.signup_promote", on_signup_promote)
