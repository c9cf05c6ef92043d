from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "openday.orgs"
    verbose_name = "机构与单位"

    def ready(self) -> None:
        from openday.core.scope import set_grant_loader
        from openday.orgs.selectors import membership_grants

        set_grant_loader(membership_grants)
