"""The activity lifecycle: which transitions exist and why the others are refused.

planned → scheduled → filed → announced → held → reported → accepted → published, with
postponed (a new date; from there the activity goes on as if scheduled) and cancelled. A
returned report goes back to held; a withdrawn report (撤回) goes back to accepted.

Work beside the lifecycle leaves the state as it is and is recorded as an event all the same
(``EVENT_LABELS``): a plan filed late (补报), a notice handed in for review or returned, a
public notice withdrawn, a correction (更正), the choice of public photos, a reminder from the
office (督办). Approving a unit's notice is the "announce" move itself. The table is the only
place transitions are defined; services check it before they change anything.
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
    # The office takes a published report off the column (reason kept); it can publish again.
    (S.PUBLISHED, S.ACCEPTED): "withdraw",
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
    "announce": "发布预告",
    "hold": "确认开展",
    "report": "报送材料",
    "accept": "审核通过",
    "return": "退回修改",
    "publish": "发布到专栏",
    "postpone": "延期",
    "cancel": "取消",
    "withdraw": "撤回活动报道",
}

# Events that do not move the state, by action (the history's wording).
EVENT_LABELS = {
    # The plan handed in after the activity went past filing, while its deadline was open.
    "file_late": "补报活动方案",
    "notice_submit": "提交活动预告",
    "notice_approve": "审核通过活动预告",
    "notice_return": "退回活动预告",
    "notice_withdraw": "撤回活动预告",
    "notice_correct": "更正活动预告",
    "report_correct": "更正活动报道",
    "photos": "选择公开照片",
    "urge": "督办",
}

# Why a transition is refused, by the state it would need to come from.
_NEEDS = {
    S.SCHEDULED: "活动尚未列入计划，不能确定日期",
    S.FILED: "活动还没有确定日期，不能报备方案",
    S.ANNOUNCED: "活动还没有确定日期，不能发布预告",
    S.HELD: "活动还没有确定日期，不能确认开展",
    S.REPORTED: "活动尚未开展，不能报送材料",
    S.ACCEPTED: "活动材料尚未报送，不能审核",
    S.PUBLISHED: "活动材料尚未审核通过，不能发布",
    S.POSTPONED: "只有已定日期、尚未开展的活动可以延期",
    S.CANCELLED: "活动已开展或已取消，不能再取消",
}

FINAL_STATES = frozenset({S.PUBLISHED, S.CANCELLED})
# Not held (yet): when its year closes, such an activity reads 未开展 — kept as not held.
NOT_HELD_STATES = (S.PLANNED, S.SCHEDULED, S.FILED, S.ANNOUNCED, S.POSTPONED)
# Held, and every state after it; of those, the report handed in (reported, accepted or
# published — a returned report is back to held). The one definition counts and pages share.
HELD_STATES = (S.HELD, S.REPORTED, S.ACCEPTED, S.PUBLISHED)
REPORTED_STATES = (S.REPORTED, S.ACCEPTED, S.PUBLISHED)
NOT_HELD_LABEL = "未开展"


def state_label(state: str, *, year_closed: bool) -> str:
    """The state as pages show it: an activity never held in a closed year reads 未开展."""
    if year_closed and state in NOT_HELD_STATES:
        return NOT_HELD_LABEL
    return S(state).label


# What moving to a state does, for "already past it" refusals.
_VERBS = {
    S.SCHEDULED: "确定日期（如需改期请办理延期）",
    S.FILED: "报备方案",
    S.ANNOUNCED: "发布预告",
    S.HELD: "确认开展",
    S.REPORTED: "报送材料",
    S.ACCEPTED: "审核",
}
_ORDER = [S.PLANNED, S.SCHEDULED, S.FILED, S.ANNOUNCED, S.HELD, S.REPORTED, S.ACCEPTED, S.PUBLISHED]


def can_move(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


# Why an action is refused when it is named and the table reaches its state by another one.
_ACTION_NEEDS = {
    "return": "活动材料尚未报送，不能退回修改",
    "withdraw": "活动报道尚未发布，不能撤回",
}


def refusal(current: str, target: str, action: str | None = None) -> str:
    """The message shown when ``current`` → ``target`` (by ``action``) is not allowed."""
    if current == S.CANCELLED:
        return "活动已取消，不能再办理"
    if action in _ACTION_NEEDS:
        return _ACTION_NEEDS[action]
    if current == S.PUBLISHED:
        return "活动已发布，不能再办理"
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
