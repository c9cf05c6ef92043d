from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "openday.orgs"
    verbose_name = "机构与单位"
