"""The staff activity page and the lifecycle actions posted from it, at the request level."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.activities.enums import ActivityState as S
from openday.activities.forms import FORMS
from openday.activities.forms.corrections import ReportWithdrawForm
from openday.activities.lifecycle import ACTION_LABELS
from openday.activities.models import Activity, ActivityEvent
from openday.activities.services import (
    activity_file,
    activity_mark_held,
    activity_postpone,
    activity_report,
    activity_schedule,
)
from openday.campaigns.services import campaign_set_rules
from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from tests.activities.conftest import make_user
from tests.activities.materials import filing_input, report_input
from tests.factories import (
    ActivityFactory,
    CampaignFactory,
    MembershipFactory,
)
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2023, 10, 13)


# --- Set-up ---------------------------------------------------------------------------------


def page_url(activity) -> str:
    return reverse("staff:activity-detail", args=[activity.campaign.slug, activity.seq])


def action_url(activity, action: str) -> str:
    return reverse("staff:activity-transition", args=[activity.campaign.slug, activity.seq, action])


def set_state(activity, state, **fields) -> None:
    Activity.objects.filter(pk=activity.pk).update(state=state, **fields)
    activity.refresh_from_db()


def get_page(client, activity):
    response = client.get(page_url(activity))
    assert response.status_code == 200
    return parse(response.content)


def facts(page) -> dict[str, str]:
    return {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".activity-facts > div")
    }


def offered(page) -> list[str]:
    return [text_of(h) for h in select(page, ".action-form h3")]


def filing_rows(page) -> list[dict[str, str]]:
    return [row for row in deadlines(page) if row["kind"] == "方案报备"]


def deadlines(page) -> list[dict[str, str]]:
    return [
        {
            "kind": text_of(select(item, ".deadline-kind")[0]),
            "status": text_of(select(item, ".deadline-status")[0]),
            **{
                text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
                for d in select(item, ".deadline-facts > div")
            },
        }
        for item in select(page, ".deadline")
    ]


def history(page) -> list[list[str]]:
    return [
        [text_of(td) for td in select(tr, "td")]
        for tr in select(page, "table.history-table tbody tr")
    ]


def at(event) -> str:
    return timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M")


def errors(page) -> list[str]:
    return [text_of(li) for li in select(page, ".error-summary li")]


# --- The page -------------------------------------------------------------------------------


def test_page_shows_a_planned_activity(client, activity, admin):
    client.force_login(admin)

    page = get_page(client, activity)

    assert text_of(select(page, "h1")[0]) == "“一网通办”现场体验"
    assert [text_of(li) for li in select(page, ".breadcrumb li")] == [
        "年度活动",
        "天心区2023年",
        "第 7 项",
    ]
    assert facts(page) == {
        "序号": "7",
        "状态": "已列入计划",
        "计划月份": "10月",
        "活动形式": "现场观摩",
        "责任单位": "区政务服务中心",
        "活动日期": "待定",
        "活动时间": "待定",
        "活动地点": "待定",
        "开展日期": "—",
    }
    assert deadlines(page) == []
    assert text_of(select(page, "#deadlines-h")[0].getparent().xpath("p")[0]) == (
        "活动日期确定后，按实施方案的规则计算各项办理期限。"
    )
    assert history(page) == []
    assert text_of(select(page, "#history-h")[0].getparent().xpath("p")[0]) == "暂无办理记录。"
    assert offered(page) == ["确定日期", "取消"]


def test_page_shows_date_time_and_venue_once_scheduled(client, activity, admin):
    activity_schedule(
        actor=admin,
        activity=activity,
        on=D(2023, 10, 12),
        start_time=dt.time(9),
        end_time=dt.time(11, 30),
        venue="区政务服务中心一楼大厅",
    )
    client.force_login(admin)

    shown = facts(get_page(client, activity))

    assert (shown["状态"], shown["活动日期"], shown["活动时间"], shown["活动地点"]) == (
        "已定日期",
        "2023年10月12日（星期四）",
        "09:00—11:30",
        "区政务服务中心一楼大厅",
    )


def test_a_campaign_without_deadline_rules_says_so(client, activity, admin):
    activity.campaign.rules.delete()
    activity.campaign.refresh_from_db()
    activity_schedule(actor=admin, activity=activity, on=D(2023, 10, 12))
    client.force_login(admin)

    page = get_page(client, activity)

    assert deadlines(page) == []
    assert text_of(select(page, "#deadlines-h")[0].getparent().xpath("p")[0]) == (
        "本年度活动没有规定办理期限。"
    )


@pytest.mark.parametrize(
    ("state", "kind", "forms", "note"),
    [
        (S.PLANNED, "admin", ["确定日期", "取消"], None),
        (S.PLANNED, "host_liaison", ["确定日期"], None),
        (S.PLANNED, "viewer", [], "当前没有您可以办理的事项。"),
        (S.SCHEDULED, "admin", ["报备方案", "发布预告", "确认开展", "延期", "取消"], None),
        (S.SCHEDULED, "host_liaison", ["报备方案", "发布预告", "确认开展", "延期"], None),
        (S.POSTPONED, "host_liaison", ["报备方案", "发布预告", "确认开展", "延期"], None),
        (S.HELD, "host_liaison", ["报送材料"], None),
        (S.REPORTED, "admin", ["退回修改", "审核通过"], None),
        (S.REPORTED, "host_liaison", [], "当前没有您可以办理的事项。"),
        (S.ACCEPTED, "admin", ["发布到专栏"], None),
        (S.PUBLISHED, "admin", [], "活动已发布，没有需要办理的事项。"),
        (S.CANCELLED, "admin", [], "活动已取消，没有需要办理的事项。"),
    ],
)
def test_the_page_offers_the_actions_the_user_may_take_now(
    client, activity, host_unit, state, kind, forms, note
):
    set_state(activity, state, scheduled_on=D(2023, 10, 12))
    client.force_login(make_user(kind, activity.campaign, host_unit))

    page = get_page(client, activity)

    assert offered(page) == forms
    notes = [text_of(p) for p in select(page, "#actions-h")[0].getparent().xpath("p")]
    assert notes == ([note] if note else [])


def test_each_form_posts_to_its_action_with_chinese_labels(client, activity, admin):
    set_state(activity, S.SCHEDULED, scheduled_on=D(2023, 10, 12))
    client.force_login(admin)

    page = get_page(client, activity)

    found = {
        form.get("action"): [text_of(label) for label in select(form, "label")]
        for form in select(page, "form.action-form")
    }
    assert found == {
        action_url(activity, "hold"): ["实际开展日期"],
        action_url(activity, "postpone"): ["新日期", "延期原因"],
        action_url(activity, "cancel"): ["取消原因"],
    }
    # Filing and the notice have pages of their own, at the action's URL.
    links = {
        text_of(select(card, "h3")[0]): [(a.get("href"), text_of(a)) for a in select(card, "a")]
        for card in select(page, "section.action-link")
    }
    assert links == {
        "报备方案": [(action_url(activity, "file"), "填写报备方案")],
        "发布预告": [(action_url(activity, "announce"), "填写发布预告")],
    }
    held_on = select(page, "input#id_hold_held_on")[0]
    assert (held_on.get("type"), held_on.get("value")) == ("date", "2023-10-12")
    assert (held_on.get("min"), held_on.get("max")) == ("2023-01-01", "2023-12-31")
    assert [text_of(b) for b in select(page, "form.action-form button")] == [
        "确认已开展",
        "延期",
        "取消活动",
    ]


def test_the_schedule_form_has_date_and_time_inputs(client, activity, admin):
    client.force_login(admin)

    form = select(get_page(client, activity), "form.action-schedule")[0]

    assert [(i.get("name"), i.get("type")) for i in select(form, "input")] == [
        ("csrfmiddlewaretoken", "hidden"),
        ("scheduled_on", "date"),
        ("start_time", "time"),
        ("end_time", "time"),
        ("venue", "text"),
    ]
    assert [text_of(label) for label in select(form, "label")] == [
        "活动日期",
        "开始时间",
        "结束时间",
        "活动地点",
        "计划调整原因（日期不在计划月份内时填写）",
    ]


def test_every_lifecycle_action_has_a_form():
    # Withdrawing a published report is the office's, posted from its own panel.
    assert set(FORMS) | {ReportWithdrawForm.action} == set(ACTION_LABELS)


# --- Each transition through the page ------------------------------------------------------

TRANSITIONS = [
    # action, from state, who, posted, to state, event comment, event data (filing, the
    # notice and the report post their pages: ``test_pages``)
    (
        "schedule",
        S.PLANNED,
        "host_liaison",
        {
            "scheduled_on": "2023-10-20",
            "start_time": "09:00",
            "end_time": "11:30",
            "venue": "区政务服务中心",
        },
        S.SCHEDULED,
        "",
        {"scheduled_on": "2023-10-20", "venue": "区政务服务中心"},
    ),
    (
        "hold",
        S.ANNOUNCED,
        "host_liaison",
        {"held_on": "2023-10-12"},
        S.HELD,
        "",
        {"held_on": "2023-10-12"},
    ),
    ("accept", S.REPORTED, "admin", {"comment": "材料齐全"}, S.ACCEPTED, "材料齐全", {}),
    (
        "return",
        S.REPORTED,
        "admin",
        {"comment": "缺少活动现场照片"},
        S.HELD,
        "缺少活动现场照片",
        {},
    ),
    ("publish", S.ACCEPTED, "admin", {}, S.PUBLISHED, "", {}),
    (
        "postpone",
        S.SCHEDULED,
        "host_liaison",
        {"new_date": "2023-11-16", "reason": "与防汛工作冲突"},
        S.POSTPONED,
        "与防汛工作冲突",
        {"from": "2023-10-12", "to": "2023-11-16"},
    ),
    (
        "cancel",
        S.SCHEDULED,
        "admin",
        {"reason": "场地维修，年内不再安排"},
        S.CANCELLED,
        "场地维修，年内不再安排",
        {},
    ),
]


@pytest.mark.parametrize(
    ("action", "start", "kind", "posted", "end", "comment", "data"),
    TRANSITIONS,
    ids=[row[0] for row in TRANSITIONS],
)
def test_each_transition_through_the_page(
    client, activity, host_unit, today, action, start, kind, posted, end, comment, data
):
    today(TODAY)
    set_state(activity, start, scheduled_on=D(2023, 10, 12))
    user = make_user(kind, activity.campaign, host_unit)
    client.force_login(user)

    response = client.post(action_url(activity, action), posted)

    assert response.status_code == 302
    assert response.headers["Location"] == page_url(activity)
    activity.refresh_from_db()
    assert activity.state == end
    event = ActivityEvent.objects.get(activity=activity)
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        action,
        start,
        end,
        user,
    )
    assert (event.comment, event.data) == (comment, data)
    page = parse(client.get(response.headers["Location"]).content)
    assert [text_of(p) for p in select(page, ".alert-success p")] == [
        f"“{ACTION_LABELS[action]}”已办理，活动现为“{S(end).label}”。"
    ]
    assert facts(page)["状态"] == S(end).label


def test_scheduling_through_the_page_sets_date_time_and_venue(client, activity, liaison):
    client.force_login(liaison)

    client.post(
        action_url(activity, "schedule"),
        {
            "scheduled_on": "2023-10-20",
            "start_time": "14:30",
            "end_time": "16:00",
            "venue": "  区政务服务中心  ",
        },
    )

    activity.refresh_from_db()
    assert (activity.scheduled_on, activity.start_time, activity.end_time, activity.venue) == (
        D(2023, 10, 20),
        dt.time(14, 30),
        dt.time(16),
        "区政务服务中心",
    )


# --- Refusals -------------------------------------------------------------------------------

REFUSALS = [
    # state, action, posted, message
    (S.PLANNED, "hold", {"held_on": "2023-10-12"}, "活动还没有确定日期，不能确认开展"),
    (
        S.FILED,
        "schedule",
        {"scheduled_on": "2023-10-20"},
        "活动已是“已报备方案”状态，不能再确定日期（如需改期请办理延期）",
    ),
    (S.HELD, "accept", {}, "活动材料尚未报送，不能审核"),
    (S.HELD, "publish", {}, "活动材料尚未审核通过，不能发布"),
    (S.REPORTED, "publish", {}, "活动材料尚未审核通过，不能发布"),
    (
        S.HELD,
        "postpone",
        {"new_date": "2023-11-16", "reason": "天气"},
        "只有已定日期、尚未开展的活动可以延期",
    ),
    (S.HELD, "cancel", {"reason": "天气"}, "活动已开展或已取消，不能再取消"),
    (S.CANCELLED, "schedule", {"scheduled_on": "2023-10-20"}, "活动已取消，不能再办理"),
    (S.PUBLISHED, "cancel", {"reason": "天气"}, "活动已发布，不能再办理"),
    (S.ACCEPTED, "accept", {}, "活动已经是“已审核通过”状态"),
    (S.SCHEDULED, "schedule", {"scheduled_on": "2023-10-20"}, "活动已经是“已定日期”状态"),
]


@pytest.mark.parametrize(
    ("state", "action", "posted", "message"),
    REFUSALS,
    ids=[f"{state}-{action}" for state, action, _p, _m in REFUSALS],
)
def test_a_refused_transition_shows_why_and_changes_nothing(
    client, activity, admin, today, state, action, posted, message
):
    today(TODAY)
    set_state(activity, state, scheduled_on=D(2023, 10, 12))
    events, audits = ActivityEvent.objects.count(), AuditEntry.objects.count()
    client.force_login(admin)

    response = client.post(action_url(activity, action), posted)

    assert response.status_code == 400
    page = parse(response.content)
    assert text_of(select(page, ".error-summary h2")[0]) == f"未能办理“{ACTION_LABELS[action]}”"
    assert errors(page) == [message]
    activity.refresh_from_db()
    assert (activity.state, activity.scheduled_on) == (state, D(2023, 10, 12))
    assert (ActivityEvent.objects.count(), AuditEntry.objects.count()) == (events, audits)
    # The page is still the activity's page, with what may be done now.
    assert facts(page)["状态"] == S(state).label


def test_a_liaison_is_refused_in_chinese_too(client, activity, liaison):
    client.force_login(liaison)

    response = client.post(action_url(activity, "hold"), {"held_on": "2023-10-12"})

    assert response.status_code == 400
    assert errors(parse(response.content)) == ["活动还没有确定日期，不能确认开展"]
    assert ActivityEvent.objects.count() == 0


# --- Field errors ---------------------------------------------------------------------------

FIELD_ERRORS = [
    # id, state, action, posted, field, message
    (
        "postpone-without-reason",
        S.SCHEDULED,
        "postpone",
        {"new_date": "2023-11-16", "reason": "   "},
        "reason",
        "请填写延期原因。",
    ),
    (
        "postpone-outside-the-year",
        S.SCHEDULED,
        "postpone",
        {"new_date": "2024-01-08", "reason": "与年终考核冲突"},
        "new_date",
        "日期 2024-01-08 不在 2023 年内。",
    ),
    (
        "postpone-to-the-same-day",
        S.SCHEDULED,
        "postpone",
        {"new_date": "2023-10-12", "reason": "与防汛工作冲突"},
        "new_date",
        "新日期与原定日期相同。",
    ),
    (
        "schedule-end-before-start",
        S.PLANNED,
        "schedule",
        {
            "scheduled_on": "2023-10-20",
            "start_time": "10:00",
            "end_time": "09:00",
            "venue": "区政务服务中心",
        },
        "end_time",
        "结束时间应晚于开始时间。",
    ),
    (
        "schedule-outside-the-year",
        S.PLANNED,
        "schedule",
        {"scheduled_on": "2024-01-05", "venue": "区政务服务中心"},
        "scheduled_on",
        "日期 2024-01-05 不在 2023 年内。",
    ),
    (
        "schedule-without-date",
        S.PLANNED,
        "schedule",
        {"scheduled_on": "", "venue": "区政务服务中心"},
        "scheduled_on",
        "请填写活动日期。",
    ),
    (
        "schedule-bad-date",
        S.PLANNED,
        "schedule",
        {"scheduled_on": "2023-13-45", "venue": "区政务服务中心"},
        "scheduled_on",
        "活动日期格式不正确，请按“2023-10-12”的格式填写。",
    ),
    (
        "schedule-bad-time",
        S.PLANNED,
        "schedule",
        {"scheduled_on": "2023-10-20", "start_time": "9点"},
        "start_time",
        "开始时间格式不正确，请按“09:30”的格式填写。",
    ),
    (
        "hold-in-the-future",
        S.SCHEDULED,
        "hold",
        {"held_on": "2023-10-20"},
        "held_on",
        "开展日期 2023-10-20 还没有到，不能确认已开展。",
    ),
    ("cancel-without-reason", S.SCHEDULED, "cancel", {"reason": ""}, "reason", "请填写取消原因。"),
    (
        "return-without-reason",
        S.REPORTED,
        "return",
        {"comment": ""},
        "comment",
        "请填写退回原因。",
    ),
]
# The summary at the top names the field when the message does not.
SUMMARY_LINES = {
    "日期 2024-01-08 不在 2023 年内。": "新日期：日期 2024-01-08 不在 2023 年内。",
    "日期 2024-01-05 不在 2023 年内。": "活动日期：日期 2024-01-05 不在 2023 年内。",
    "开展日期 2023-10-20 还没有到，不能确认已开展。": (
        "实际开展日期：开展日期 2023-10-20 还没有到，不能确认已开展。"
    ),
}


@pytest.mark.parametrize(
    ("state", "action", "posted", "field", "message"),
    [row[1:] for row in FIELD_ERRORS],
    ids=[row[0] for row in FIELD_ERRORS],
)
def test_a_field_error_is_shown_at_the_field_with_the_input_kept(
    client, activity, admin, today, state, action, posted, field, message
):
    today(TODAY)
    set_state(activity, state, scheduled_on=D(2023, 10, 12))
    client.force_login(admin)

    response = client.post(action_url(activity, action), posted)

    assert response.status_code == 400
    page = parse(response.content)
    field_id = f"id_{action}_{field}"
    assert [(a.get("href"), text_of(a)) for a in select(page, ".error-summary li a")] == [
        (f"#{field_id}", SUMMARY_LINES.get(message, message))
    ]
    control = page.get_element_by_id(field_id)
    assert control.get("aria-invalid") == "true"
    assert control.get("aria-describedby") == f"{field_id}_error"
    assert text_of(page.get_element_by_id(f"{field_id}_error")) == message
    form = select(page, f"form.action-{action}")[0]
    for name, value in posted.items():
        (kept,) = form.xpath(f".//*[@name='{name}']")
        shown = kept.text if kept.tag == "textarea" else kept.get("value")
        assert (shown or "").strip() == value.strip()
    activity.refresh_from_db()
    assert activity.state == state
    assert ActivityEvent.objects.count() == 0


def test_only_the_failed_form_shows_errors(client, activity, admin):
    set_state(activity, S.SCHEDULED, scheduled_on=D(2023, 10, 12))
    client.force_login(admin)

    page = parse(client.post(action_url(activity, "cancel"), {"reason": ""}).content)

    assert [e.get("id") for e in select(page, ".field-error")] == ["id_cancel_reason_error"]
    assert select(page, "form.action-postpone textarea")[0].text in (None, "", "\n")


# --- Who may do what ------------------------------------------------------------------------

# kind: GET page, POST schedule (a liaison's action), POST cancel (the office's), forms shown
ACCESS = [
    ("admin", 200, 302, 302, ["确定日期", "取消"]),
    ("host_liaison", 200, 302, 403, ["确定日期"]),
    # Another unit's activity is not theirs to see at all.
    ("other_liaison", 404, 404, 404, None),
    ("viewer", 200, 403, 403, []),
    ("other_region", 404, 404, 404, None),
    ("anonymous", "login", "login", "login", None),
]


@pytest.mark.authz
@pytest.mark.parametrize(("kind", "page", "schedule", "cancel", "forms"), ACCESS)
def test_activity_pages_by_role(client, activity, host_unit, kind, page, schedule, cancel, forms):
    if kind != "anonymous":
        client.force_login(make_user(kind, activity.campaign, host_unit))

    def check(response, expected, url):
        if expected == "login":
            assert response.status_code == 302
            assert response.headers["Location"] == f"{reverse('staff:login')}?next={url}"
        elif expected == 302:
            assert response.status_code == 302
            assert response.headers["Location"] == page_url(activity)
        else:
            assert response.status_code == expected
        if expected == 404:
            assert "一网通办" not in response.content.decode()

    got = client.get(page_url(activity))
    check(got, page, page_url(activity))
    if forms is not None:
        assert offered(parse(got.content)) == forms
        assert facts(parse(got.content))["状态"] == "已列入计划"

    url = action_url(activity, "schedule")
    check(client.post(url, {"scheduled_on": "2023-10-20"}), schedule, url)
    activity.refresh_from_db()
    assert activity.state == (S.SCHEDULED if schedule == 302 else S.PLANNED)

    url = action_url(activity, "cancel")
    check(client.post(url, {"reason": "场地维修"}), cancel, url)
    activity.refresh_from_db()
    if cancel == 302:
        assert activity.state == S.CANCELLED
    else:
        assert not ActivityEvent.objects.filter(action="cancel").exists()


@pytest.mark.authz
def test_a_liaison_may_not_accept_or_publish(client, activity, liaison):
    set_state(activity, S.REPORTED, scheduled_on=D(2023, 10, 12))
    client.force_login(liaison)

    assert client.post(action_url(activity, "accept")).status_code == 403
    set_state(activity, S.ACCEPTED)
    assert client.post(action_url(activity, "publish")).status_code == 403
    assert activity.state == S.ACCEPTED
    assert ActivityEvent.objects.count() == 0


def test_unknown_action_unknown_activity_and_get_on_an_action(client, activity, admin):
    client.force_login(admin)

    assert client.post(action_url(activity, "delete")).status_code == 404
    assert client.get(page_url(activity).replace("/7/", "/99/")).status_code == 404
    assert client.post(action_url(activity, "schedule").replace("/7/", "/99/")).status_code == 404
    assert client.get(action_url(activity, "schedule")).status_code == 405
    assert activity.state == S.PLANNED


# --- History and deadlines ------------------------------------------------------------------


def test_history_shows_who_did_what_with_the_postponement(client, activity, admin, liaison):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12), venue="区政务服务中心")
    activity_file(
        actor=liaison,
        activity=activity,
        filing=filing_input(comment="已报送"),
        on=D(2023, 9, 28),
    )
    activity_postpone(
        actor=admin, activity=activity, new_date=D(2023, 11, 16), reason="与防汛工作冲突"
    )
    client.force_login(admin)

    page = get_page(client, activity)

    events = list(activity.events.order_by("id"))
    assert [th.text_content() for th in select(page, "table.history-table th")] == [
        "时间",
        "办理人",
        "事项",
        "状态变化",
        "登记内容",
        "说明",
    ]
    rows = history(page)
    assert [row[0] for row in rows] == [at(event) for event in events]
    assert [row[1:] for row in rows] == [
        [
            "李明",
            "确定日期",
            "已列入计划 → 已定日期",
            "活动日期：2023年10月12日 活动地点：区政务服务中心",
            "—",
        ],
        [
            "李明",
            "报备方案",
            "已定日期 → 已报备方案",
            "报备日期：2023年9月28日 方案文件：活动方案.docx 分管领导：张副局长 "
            "责任科室：政务公开科 具体负责人：李明",
            "已报送",
        ],
        [
            "王晓",
            "延期",
            "已报备方案 → 已延期",
            "原定日期：2023年10月12日 新日期：2023年11月16日",
            "与防汛工作冲突",
        ],
    ]
    assert facts(page)["活动日期"] == "2023年11月16日（星期四）"


def test_history_names_the_system_when_no_person_acted(client, activity, admin):
    activity_schedule(actor=None, activity=activity, on=D(2023, 10, 12))
    client.force_login(admin)

    assert history(get_page(client, activity))[0][1] == "系统"


@pytest.mark.parametrize(
    ("today_is", "status"),
    [
        (D(2023, 9, 20), "按期进行中"),
        (D(2023, 10, 4), "即将到期"),
        (D(2023, 10, 7), "即将到期"),
        (D(2023, 10, 8), "已逾期"),
    ],
)
def test_filing_deadline_status_depends_on_today(client, activity, admin, today, today_is, status):
    # 5 working days before Thursday 2023-10-12, across the National Day holiday: 10-07.
    activity_schedule(actor=admin, activity=activity, on=D(2023, 10, 12))
    today(today_is)
    client.force_login(admin)

    assert filing_rows(get_page(client, activity)) == [
        {
            "kind": "方案报备",
            "status": status,
            "截止日期": "2023年10月7日",
            "期限规则": "活动开展前 5 个工作日",
        }
    ]


@pytest.mark.parametrize(
    ("filed_on", "status"),
    [(D(2023, 10, 7), "按期完成"), (D(2023, 10, 9), "逾期完成")],
)
def test_a_met_deadline_shows_when_it_was_met(client, activity, admin, filed_on, status):
    activity_schedule(actor=admin, activity=activity, on=D(2023, 10, 12))
    activity_file(actor=admin, activity=activity, filing=filing_input(), on=filed_on)
    client.force_login(admin)

    assert filing_rows(get_page(client, activity)) == [
        {
            "kind": "方案报备",
            "status": status,
            "截止日期": "2023年10月7日",
            "期限规则": "活动开展前 5 个工作日",
            "完成日期": f"2023年10月{filed_on.day}日",
        }
    ]


def test_report_and_publicity_deadlines_follow_the_held_date(client, activity, admin, today):
    activity_schedule(actor=admin, activity=activity, on=D(2023, 10, 12))
    activity_file(actor=admin, activity=activity, filing=filing_input(), on=D(2023, 10, 7))
    activity_mark_held(actor=admin, activity=activity, today=D(2023, 10, 12))
    activity_report(
        actor=admin,
        activity=activity,
        report=report_input(D(2023, 10, 12), media=[]),
        on=D(2023, 10, 20),
        today=D(2023, 10, 20),
    )
    today(D(2023, 10, 20))
    client.force_login(admin)

    page = get_page(client, activity)

    assert deadlines(page) == [
        {
            "kind": "方案报备",
            "status": "按期完成",
            "截止日期": "2023年10月7日",
            "期限规则": "活动开展前 5 个工作日",
            "完成日期": "2023年10月7日",
        },
        {
            "kind": "确认开展",
            "status": "按期完成",
            "截止日期": "2023年10月13日",
            "期限规则": "活动日期后 1 个工作日内",
            "完成日期": "2023年10月12日",
        },
        {
            "kind": "媒体宣传",
            "status": "已逾期",
            "截止日期": "2023年10月15日",
            "期限规则": "活动结束后 3 天内",
        },
        {
            "kind": "材料报送",
            "status": "逾期完成",
            "截止日期": "2023年10月19日",
            "期限规则": "活动结束后 5 个工作日内",
            "完成日期": "2023年10月20日",
        },
    ]
    assert facts(page)["开展日期"] == "2023年10月12日"


def test_a_deadline_in_a_year_without_holiday_arrangement_is_provisional(client, region):
    campaign = CampaignFactory(region=region, year=2027, slug="tianxin-2027")
    campaign_set_rules(campaign=campaign, filing_lead_days=5, filing_lead_working=True)
    activity = ActivityFactory(campaign=campaign, seq=1, month_start=2, month_end=2)
    activity_schedule(actor=None, activity=activity, on=D(2027, 2, 10))
    client.force_login(MembershipFactory(role=Role.OFFICE_ADMIN, region=region).user)

    assert deadlines(get_page(client, activity)) == [
        {
            "kind": "方案报备",
            "status": "日期待定（节假日安排未公布）",
            "截止日期": "2027年2月3日",
            "期限规则": "活动开展前 5 个工作日",
        },
        {
            "kind": "确认开展",
            "status": "日期待定（节假日安排未公布）",
            "截止日期": "2027年2月11日",
            "期限规则": "活动日期后 1 个工作日内",
        },
    ]


# --- Cost -----------------------------------------------------------------------------------


def test_page_query_count_does_not_grow_with_history(
    client, activity, admin, liaison, django_assert_num_queries
):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))
    url = page_url(activity)
    client.force_login(admin)
    # session, user, memberships (every permission check and the nav's audit link read them),
    # activity (+campaign, region, rules), hosts, host units, filing, notice, the notice handed
    # in for review, report, forms, deadlines, events
    with django_assert_num_queries(13):
        client.get(url)
    for day in (13, 14, 15, 16):
        activity_postpone(
            actor=liaison, activity=activity, new_date=D(2023, 11, day), reason=f"改期{day}"
        )

    with django_assert_num_queries(13):
        response = client.get(url)

    assert len(history(parse(response.content))) == 5
    # Filing, and confirming it was held.
    assert len(deadlines(parse(response.content))) == 2
