from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "openday.workdays"
    verbose_name = "工作日与节假日"
