from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "openday.workbench"
    verbose_name = "工作台"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from openday.workbench.middleware import remember_must_change

        # Whether the person must change a password someone else set: read once per login.
        user_logged_in.connect(remember_must_change, dispatch_uid="openday-must-change")
