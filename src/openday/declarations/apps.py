from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "openday.declarations"
    verbose_name = "主题申报"

    def ready(self) -> None:
        from openday.declarations.unit_merge import declarations_move_unit
        from openday.orgs.services import on_unit_merge

        # A unit merged into another: its declarations move with it.
        on_unit_merge(declarations_move_unit)
