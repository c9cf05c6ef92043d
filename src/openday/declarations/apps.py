from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "openday.declarations"
    verbose_name = "主题申报"
