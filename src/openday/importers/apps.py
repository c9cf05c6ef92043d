from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "openday.importers"
    verbose_name = "导入"
