from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "openday.workdays"
    verbose_name = "工作日与节假日"

    def ready(self) -> None:
        from openday.workdays.calendar import set_default_loader
        from openday.workdays.selectors import arrangements_for_year

        set_default_loader(arrangements_for_year)
