from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "openday.campaigns"
    verbose_name = "主题日活动方案"
