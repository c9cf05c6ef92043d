from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "openday.participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from openday.orgs.services import on_unit_merge
        from openday.participation.services.opinions import replies_move_unit

        # A unit merged into another: the replies it gave count for the unit kept.
        on_unit_merge(replies_move_unit)
