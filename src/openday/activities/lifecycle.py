"""The activity lifecycle: which transitions exist and why the others are refused.

planned → scheduled → filed → announced → held → reported → accepted → published, with
postponed (a new date; from there the activity goes on as if scheduled) and cancelled. A
returned report goes back to held. The table is the only place transitions are defined;
services check it before they change anything.
"""

from openday.activities.enums import ActivityState as S

# (from, to) → the action's name, used in the audit log and the history.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PLANNED, S.SCHEDULED): "schedule",
    (S.SCHEDULED, S.FILED): "file",
    (S.POSTPONED, S.FILED): "file",
    (S.FILED, S.ANNOUNCED): "announce",
    (S.SCHEDULED, S.ANNOUNCED): "announce",
    (S.POSTPONED, S.ANNOUNCED): "announce",
    (S.SCHEDULED, S.HELD): "hold",
    (S.POSTPONED, S.HELD): "hold",
    (S.FILED, S.HELD): "hold",
    (S.ANNOUNCED, S.HELD): "hold",
    (S.HELD, S.REPORTED): "report",
    (S.REPORTED, S.ACCEPTED): "accept",
    (S.REPORTED, S.HELD): "return",
    (S.ACCEPTED, S.PUBLISHED): "publish",
    (S.SCHEDULED, S.POSTPONED): "postpone",
    (S.FILED, S.POSTPONED): "postpone",
    (S.ANNOUNCED, S.POSTPONED): "postpone",
    (S.POSTPONED, S.POSTPONED): "postpone",
    (S.PLANNED, S.CANCELLED): "cancel",
    (S.SCHEDULED, S.CANCELLED): "cancel",
    (S.FILED, S.CANCELLED): "cancel",
    (S.ANNOUNCED, S.CANCELLED): "cancel",
    (S.POSTPONED, S.CANCELLED): "cancel",
}

ACTION_LABELS = {
    "schedule": "确定日期",
    "file": "报备方案",
    "announce": "发布预热",
    "hold": "确认开展",
    "report": "报送材料",
    "accept": "审核通过",
    "return": "退回修改",
    "publish": "发布到专栏",
    "postpone": "延期",
    "cancel": "取消",
}

# Why a transition is refused, by the state it would need to come from.
_NEEDS = {
    S.SCHEDULED: "活动尚未列入计划，不能确定日期",
    S.FILED: "活动还没有确定日期，不能报备方案",
    S.ANNOUNCED: "活动还没有确定日期，不能发布预热",
    S.HELD: "活动还没有确定日期，不能确认开展",
    S.REPORTED: "活动尚未开展，不能报送材料",
    S.ACCEPTED: "活动材料尚未报送，不能审核",
    S.PUBLISHED: "活动材料尚未审核通过，不能发布",
    S.POSTPONED: "只有已定日期、尚未开展的活动可以延期",
    S.CANCELLED: "活动已开展或已取消，不能再取消",
}

FINAL_STATES = frozenset({S.PUBLISHED, S.CANCELLED})

# What moving to a state does, for "already past it" refusals.
_VERBS = {
    S.SCHEDULED: "确定日期（如需改期请办理延期）",
    S.FILED: "报备方案",
    S.ANNOUNCED: "发布预热",
    S.HELD: "确认开展",
    S.REPORTED: "报送材料",
    S.ACCEPTED: "审核",
}
_ORDER = [S.PLANNED, S.SCHEDULED, S.FILED, S.ANNOUNCED, S.HELD, S.REPORTED, S.ACCEPTED, S.PUBLISHED]


def can_move(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


# Why an action is refused when it is named and the table reaches its state by another one.
_ACTION_NEEDS = {"return": "活动材料尚未报送，不能退回修改"}


def refusal(current: str, target: str, action: str | None = None) -> str:
    """The message shown when ``current`` → ``target`` (by ``action``) is not allowed."""
    if current == S.CANCELLED:
        return "活动已取消，不能再办理"
    if current == S.PUBLISHED:
        return "活动已发布，不能再办理"
    if action in _ACTION_NEEDS:
        return _ACTION_NEEDS[action]
    if current == target:
        return f"活动已经是“{S(current).label}”状态"
    if target in _VERBS and current in _ORDER and _ORDER.index(current) > _ORDER.index(target):
        return f"活动已是“{S(current).label}”状态，不能再{_VERBS[target]}"
    return _NEEDS.get(target, "不允许的状态变更")


def next_actions(current: str) -> list[tuple[str, str]]:
    """(target state, action) pairs open from ``current``, in lifecycle order."""
    order = list(S.values)
    return sorted(
        ((to, action) for (frm, to), action in TRANSITIONS.items() if frm == current),
        key=lambda pair: order.index(pair[0]),
    )
