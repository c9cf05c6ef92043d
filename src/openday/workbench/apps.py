from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "openday.workbench"
    verbose_name = "工作台"
