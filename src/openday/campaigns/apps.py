from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "openday.campaigns"
    verbose_name = "年度活动"
