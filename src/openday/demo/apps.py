from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openday.demo"
    verbose_name = "演示数据"
