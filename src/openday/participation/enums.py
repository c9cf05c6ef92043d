from django.db import models


class SignupState(models.TextChoices):
    CONFIRMED = "confirmed", "报名成功"
    WAITLISTED = "waitlisted", "候补"
    CANCELLED = "cancelled", "已取消"


class OpinionState(models.TextChoices):
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已公开"
    HIDDEN = "hidden", "不予公开"
    DUPLICATE = "duplicate", "重复留言"


# Moderation moves an opinion between the three decided states as often as the office needs
# (a hidden one may be published after all); nothing goes back to "pending".
OPINION_TRANSITIONS: dict[str, frozenset[str]] = {
    OpinionState.PENDING: frozenset(
        {OpinionState.PUBLISHED, OpinionState.HIDDEN, OpinionState.DUPLICATE}
    ),
    OpinionState.PUBLISHED: frozenset({OpinionState.HIDDEN, OpinionState.DUPLICATE}),
    OpinionState.HIDDEN: frozenset({OpinionState.PUBLISHED, OpinionState.DUPLICATE}),
    OpinionState.DUPLICATE: frozenset({OpinionState.PUBLISHED, OpinionState.HIDDEN}),
}
