"""What a unit merge (``orgs.services.unit_merge``) moves of the declarations.

Registered from ``DeclarationsConfig.ready``; runs inside the merge's transaction, so its
refusal undoes the whole merge.
"""

from openday.core.errors import DomainError
from openday.declarations.models import Declaration
from openday.orgs.models import Unit


def declarations_move_unit(source: Unit, kept: Unit) -> dict[str, int]:
    """``source``'s declarations become ``kept``'s. A campaign where both declared is refused:
    one unit has one declaration per campaign, and two cannot be joined silently."""
    clash = (
        Declaration.objects.filter(
            unit=source, campaign__in=Declaration.objects.filter(unit=kept).values("campaign")
        )
        .select_related("campaign")
        .first()
    )
    if clash:
        raise DomainError(
            f"“{source.name}”和“{kept.name}”在“{clash.campaign.title}”中都有主题申报，"
            "不能合并；请先处理其中一份申报。"
        )
    return {"declarations": Declaration.objects.filter(unit=source).update(unit=kept)}
