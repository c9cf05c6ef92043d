from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "openday.portal"
    verbose_name = "公开专栏"

    def ready(self):
        from openday.core.audit import on_action
        from openday.portal.website import WEBSITE_ACTION, refresh_region_columns

        # The footer is in every cached page: a change of the furniture renews them.
        on_action(WEBSITE_ACTION, refresh_region_columns)
