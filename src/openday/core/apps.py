from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openday.core"
    verbose_name = "基础"
