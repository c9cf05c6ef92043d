from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "openday.portal"
    verbose_name = "公开专栏"
