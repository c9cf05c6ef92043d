from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "openday.reports"
    verbose_name = "统计与导出"
