"""The declaration pages at the request level: what each renders and what each changes."""

import datetime as dt
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.core.models import AuditEntry
from openday.declarations.enums import DeclarationState as S
from openday.declarations.models import Declaration, DeclarationMerge, DeclarationWindow
from openday.declarations.services import (
    declaration_accept,
    declaration_merge,
    declaration_return,
    declaration_submit,
    plan_compile,
)
from tests.declarations.helpers import BEFORE_DUE, PDF, D, good_items, png_bytes, save, upload
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """Freeze ``timezone.localdate()``, the day the views pass to the services."""
    real = timezone.localdate

    def freeze(on: dt.date) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, tz=None: on if value is None else real(value, tz),
        )

    freeze(D(2023, 3, 28))
    return freeze


def url(name: str, campaign, *args) -> str:
    return reverse(f"staff:{name}", args=[campaign.slug, *args])


def errors(page) -> list[str]:
    return [text_of(li) for li in select(page, ".error-summary li")]


def field_error(page, field_id: str) -> str:
    found = page.xpath(f"//*[@id='{field_id}_error']")
    return text_of(found[0]) if found else ""


def value_of(page, name: str) -> str:
    element = page.xpath(f"//*[@name='{name}']")[0]
    if element.tag == "textarea":
        # Django starts a textarea with a newline, which browsers drop.
        return (element.text or "").removeprefix("\n")
    if element.tag == "select":
        chosen = element.xpath("option[@selected]")
        return chosen[0].get("value") if chosen else ""
    return element.get("value") or ""


def form_data(items, **head) -> dict:
    """A POST of the liaison's form: ``items`` are dicts of the row fields."""
    data = {
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
        "contact_person": "李娟",
        "phone": "0731-88999337",
        "action": "save",
        **head,
    }
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"items-{index}-{key}"] = value
    return data


GOOD_ROWS = [
    {
        "title": "“一件事一次办”现场观摩",
        "month_start": "6",
        "month_end": "",
        "form_text": "现场观摩",
        "category": "政务服务",
        "brief": "邀请市民群众现场体验办事流程。",
    },
    {
        "title": "政务服务满意度问卷调查",
        "month_start": "9",
        "month_end": "10",
        "form_text": "问卷调查",
        "category": "政务服务",
        "brief": "面向办事群众开展问卷调查。",
    },
]


# --- the liaison's form ----------------------------------------------------------------------


def test_the_form_shows_the_rules_and_two_rows(client, window, unit, liaison, campaign):
    client.force_login(liaison)

    response = client.get(url("declaration-edit", campaign, unit.pk))

    assert response.status_code == 200
    page = parse(response.content)
    assert text_of(select(page, "h1")[0]) == "我的主题申报"
    assert text_of(select(page, ".lead")[0]) == (
        "湖南湘江新区2023年“政务公开主题日”活动主题申报表 · 新区行政审批服务局"
    )
    rules = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".declaration-rules > div")
    }
    assert rules == {
        "截止日期": "2023年3月31日（当天仍可提交）",
        "主题数量": "每单位 2 个",
        "活动形式": "至少一个主题为实地调研或现场观摩",
        "主题类别": (
            "经济发展、科技创新、营商环境、城市品质、民生福祉、政务服务、社会治理、政府自身建设"
        ),
    }
    assert [text_of(legend) for legend in page.xpath("//fieldset/legend")] == [
        "填报单位",
        "第 1 项",
        "第 2 项",
    ]
    forms = page.xpath("//select[@name='items-0-form_text']/option/text()")
    assert forms == ["请选择", "实地调研", "现场观摩", "座谈交流", "政策发布", "问卷调查"]
    assert len(page.xpath("//select[@name='items-1-category']/option")) == 9
    assert page.xpath("//input[@name='stamp']/@accept") == [".pdf,.jpg,.jpeg,.png"]
    buttons = page.xpath("//form[contains(@class, 'declaration-form')]//button")
    assert [(b.text, b.get("value")) for b in buttons] == [
        ("保存草稿", "save"),
        ("提交申报", "submit"),
    ]


def test_saving_a_draft_keeps_it_unsubmitted(client, window, unit, liaison, campaign):
    client.force_login(liaison)

    response = client.post(url("declaration-edit", campaign, unit.pk), form_data(GOOD_ROWS))

    assert response.status_code == 302
    assert response.headers["Location"] == url("declaration-edit", campaign, unit.pk)
    declaration = Declaration.objects.get(unit=unit)
    assert declaration.state == S.DRAFT
    assert list(declaration.items.values_list("title", "month_start", "month_end")) == [
        ("“一件事一次办”现场观摩", 6, 6),
        ("政务服务满意度问卷调查", 9, 10),
    ]
    page = parse(client.get(response.headers["Location"]).content)
    assert text_of(select(page, ".messages")[0]) == "草稿已保存，尚未提交。"
    assert value_of(page, "items-1-title") == "政务服务满意度问卷调查"
    assert value_of(page, "items-1-month_end") == "10"
    assert value_of(page, "items-0-month_end") == ""


def test_submitting_goes_to_the_declaration(client, window, unit, liaison, campaign, today):
    client.force_login(liaison)
    data = form_data(GOOD_ROWS, action="submit")

    response = client.post(url("declaration-edit", campaign, unit.pk), data)

    declaration = Declaration.objects.get(unit=unit)
    assert response.status_code == 302
    assert response.headers["Location"] == url("declaration-detail", campaign, declaration.pk)
    assert declaration.state == S.SUBMITTED
    page = parse(client.get(response.headers["Location"]).content)
    assert text_of(select(page, ".messages")[0]) == "主题申报已提交，请等待政务公开办审核。"


def test_a_refused_submission_saves_nothing_and_says_why_once(
    client, window, unit, liaison, campaign, today
):
    client.force_login(liaison)
    rows = [GOOD_ROWS[0], {**GOOD_ROWS[1], "form_text": "座谈交流", "brief": ""}]

    response = client.post(
        url("declaration-edit", campaign, unit.pk), form_data(rows, action="submit")
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert text_of(select(page, ".error-summary h2")[0]) == (
        "申报未能提交，未保存任何改动，请修改以下内容"
    )
    assert errors(page) == [
        "第 2 项“政务服务满意度问卷调查”请填写活动简介。",
    ]
    assert (
        field_error(page, "id_items-1-brief") == "第 2 项“政务服务满意度问卷调查”请填写活动简介。"
    )
    assert select(page, ".messages") == []
    assert value_of(page, "items-1-form_text") == "座谈交流"
    assert not Declaration.objects.exists()
    assert not AuditEntry.objects.filter(action="declaration.save").exists()


THREE_ROWS = [
    *GOOD_ROWS,
    {
        "title": "政策发布会",
        "month_start": "11",
        "month_end": "",
        "form_text": "政策发布",
        "category": "营商环境",
        "brief": "发布惠企政策。",
    },
]


def test_a_refused_one_theme_submission_leaves_a_three_row_draft_as_it_was(
    client, window, unit, liaison, campaign, today
):
    client.force_login(liaison)
    client.post(url("declaration-edit", campaign, unit.pk), form_data(THREE_ROWS), follow=True)
    stored = list(Declaration.objects.get(unit=unit).items.values_list("seq", "title"))
    assert stored == [
        (1, "“一件事一次办”现场观摩"),
        (2, "政务服务满意度问卷调查"),
        (3, "政策发布会"),
    ]
    # Row 2 emptied, row 3 ticked for deletion, contact changed: one theme left.
    typed = [
        {**THREE_ROWS[0], "title": "“一件事一次办”现场观摩（改）"},
        {"title": "", "month_start": "", "month_end": "", "form_text": "", "brief": ""},
        {**THREE_ROWS[2], "DELETE": "on"},
    ]

    response = client.post(
        url("declaration-edit", campaign, unit.pk),
        form_data(typed, action="submit", contact_person="王五"),
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert errors(page) == ["须申报 2 个活动主题，现有 1 个。"]
    assert select(page, ".messages") == []
    assert [text_of(legend) for legend in page.xpath("//fieldset/legend")] == [
        "填报单位",
        "第 1 项",
        "第 2 项",
        "第 3 项",
    ]
    assert value_of(page, "contact_person") == "王五"
    assert value_of(page, "items-0-title") == "“一件事一次办”现场观摩（改）"
    assert value_of(page, "items-1-title") == ""
    assert value_of(page, "items-2-title") == "政策发布会"
    assert page.xpath("//input[@name='items-2-DELETE']/@checked") == ["checked"]
    declaration = Declaration.objects.get(unit=unit)
    assert declaration.state == S.DRAFT
    assert declaration.contact_person == "李娟"
    assert list(declaration.items.values_list("seq", "title")) == stored
    assert AuditEntry.objects.filter(action="declaration.save").count() == 1


def test_a_row_ticked_for_deletion_is_dropped_when_the_draft_is_saved(
    client, window, unit, liaison, campaign
):
    client.force_login(liaison)
    client.post(url("declaration-edit", campaign, unit.pk), form_data(THREE_ROWS))
    data = form_data(THREE_ROWS)
    data["items-1-DELETE"] = "on"
    # A ticked row is no theme: even a wrong value in it stops nothing.
    data["items-1-month_end"] = "2"

    response = client.post(url("declaration-edit", campaign, unit.pk), data)

    assert response.status_code == 302
    declaration = Declaration.objects.get(unit=unit)
    assert list(declaration.items.values_list("seq", "title")) == [
        (1, "“一件事一次办”现场观摩"),
        (2, "政策发布会"),
    ]
    page = parse(client.get(url("declaration-edit", campaign, unit.pk)).content)
    assert page.xpath("//label[@for='id_items-0-DELETE']/text()") == ["删除此项"]


def test_a_row_ticked_for_deletion_leaves_the_summary_when_the_page_is_refused(
    client, window, unit, liaison, campaign, today
):
    client.force_login(liaison)
    data = form_data([GOOD_ROWS[0], {**GOOD_ROWS[1], "month_end": "2"}], action="submit")
    data["items-1-DELETE"] = "on"

    response = client.post(url("declaration-edit", campaign, unit.pk), data)

    assert response.status_code == 400
    assert errors(parse(response.content)) == ["须申报 2 个活动主题，现有 1 个。"]


def test_a_refused_save_says_the_draft_was_not_saved(client, window, unit, liaison, campaign):
    client.force_login(liaison)
    rows = [{**GOOD_ROWS[0], "month_start": "11", "month_end": "2"}]

    response = client.post(url("declaration-edit", campaign, unit.pk), form_data(rows))

    assert response.status_code == 400
    page = parse(response.content)
    assert text_of(select(page, ".error-summary h2")[0]) == "草稿未能保存，请修改以下内容"
    assert select(page, ".messages") == []


def test_a_rule_on_the_whole_declaration_is_shown_above_the_rows(
    client, window, unit, liaison, campaign, today
):
    client.force_login(liaison)

    response = client.post(
        url("declaration-edit", campaign, unit.pk),
        form_data([GOOD_ROWS[0], {}], action="submit"),
    )

    page = parse(response.content)
    assert errors(page) == ["须申报 2 个活动主题，现有 1 个。"]
    assert text_of(select(page, ".form-errors")[0]) == ("须申报 2 个活动主题，现有 1 个。")


def test_a_wrong_row_saves_nothing_and_points_at_the_field(client, window, unit, liaison, campaign):
    client.force_login(liaison)
    rows = [GOOD_ROWS[0], {**GOOD_ROWS[1], "month_start": "11", "month_end": "2"}]

    response = client.post(url("declaration-edit", campaign, unit.pk), form_data(rows))

    assert response.status_code == 400
    page = parse(response.content)
    message = "第 2 项“政务服务满意度问卷调查”的活动时间应在 2023 年内，结束月份不能早于开始月份。"
    assert errors(page) == [message]
    assert field_error(page, "id_items-1-month_end") == message
    assert page.xpath("//a[@href='#id_items-1-month_end']")
    assert page.xpath("//select[@id='id_items-1-month_end']/@aria-invalid") == ["true"]
    assert not Declaration.objects.exists()


def test_a_tampered_choice_is_a_field_error(client, window, unit, liaison, campaign):
    client.force_login(liaison)
    rows = [{**GOOD_ROWS[0], "form_text": "<script>", "category": "文化旅游"}]

    response = client.post(url("declaration-edit", campaign, unit.pk), form_data(rows))

    assert response.status_code == 400
    page = parse(response.content)
    assert field_error(page, "id_items-0-form_text") == "请从本次活动允许的形式中选择。"
    assert field_error(page, "id_items-0-category") == "请从本次活动的主题类别中选择。"
    assert not Declaration.objects.exists()


def test_a_bad_upload_keeps_the_rest_of_the_form(client, window, unit, liaison, campaign):
    client.force_login(liaison)
    data = form_data(GOOD_ROWS, contact_person="王五")
    data["stamp"] = upload("盖章申报表.pdf", b"MZ\x90\x00 not a pdf")

    response = client.post(url("declaration-edit", campaign, unit.pk), data)

    assert response.status_code == 400
    page = parse(response.content)
    message = "文件“盖章申报表.pdf”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。"
    assert errors(page) == [message]
    assert field_error(page, "id_stamp") == message
    assert value_of(page, "contact_person") == "王五"
    assert value_of(page, "items-0-title") == "“一件事一次办”现场观摩"
    assert value_of(page, "items-1-brief") == "面向办事群众开展问卷调查。"
    assert not Declaration.objects.exists()


def test_an_oversize_upload_is_refused(client, window, unit, liaison, campaign, settings):
    settings.DECLARATION_STAMP_MAX_BYTES = 1024
    client.force_login(liaison)
    data = form_data(GOOD_ROWS)
    data["stamp"] = upload("scan.png", png_bytes() + b"\0" * 2048)

    response = client.post(url("declaration-edit", campaign, unit.pk), data)

    assert field_error(parse(response.content), "id_stamp") == "文件“scan.png”超过 1 KB。"
    assert not Declaration.objects.exists()


def test_a_good_upload_is_kept_and_can_be_downloaded(client, window, unit, liaison, campaign):
    client.force_login(liaison)
    data = form_data(GOOD_ROWS)
    data["stamp"] = upload("盖章申报表.pdf", PDF)

    client.post(url("declaration-edit", campaign, unit.pk), data)

    declaration = Declaration.objects.get(unit=unit)
    page = parse(client.get(url("declaration-edit", campaign, unit.pk)).content)
    assert (
        text_of(select(page, ".stamp-current")[0]) == "已上传：盖章申报表.pdf（重新选择文件即替换）"
    )
    response = client.get(url("declaration-stamp", campaign, declaration.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "filename*=UTF-8''%E7%9B%96" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "tamper",
    [
        {"items-TOTAL_FORMS": ""},  # the management form broken
        {"items-TOTAL_FORMS": "1000"},  # more rows than anyone may send
    ],
)
def test_a_hostile_post_saves_nothing(client, window, unit, liaison, campaign, tamper):
    client.force_login(liaison)

    response = client.post(
        url("declaration-edit", campaign, unit.pk), {**form_data(GOOD_ROWS), **tamper}
    )

    assert response.status_code == 400
    assert errors(parse(response.content))
    assert not Declaration.objects.exists()


def test_a_submitted_declaration_is_not_a_form_any_more(client, submitted, unit, liaison, campaign):
    client.force_login(liaison)

    page = parse(client.get(url("declaration-edit", campaign, unit.pk)).content)

    assert not page.xpath("//form[contains(@class, 'declaration-form')]")
    assert text_of(select(page, ".declaration-closed")[0]) == (
        "新区行政审批服务局的主题申报已提交，不能再修改。查看申报"
    )
    response = client.post(url("declaration-edit", campaign, unit.pk), form_data(GOOD_ROWS))
    assert response.status_code == 400
    assert errors(parse(response.content)) == ["该申报已提交，等待审核，不能修改。"]


def test_after_the_deadline_a_draft_may_be_saved_but_the_page_says_it_cannot_go_in(
    client, draft, campaign, unit, liaison, today
):
    today(D(2023, 4, 3))
    client.force_login(liaison)

    page = parse(client.get(url("declaration-edit", campaign, unit.pk)).content)

    assert text_of(select(page, ".declaration-past-due")[0]) == (
        "主题申报已于2023年3月31日截止：草稿仍可保存，但不能再提交。如需补报，请联系政务公开办。"
    )
    response = client.post(
        url("declaration-edit", campaign, unit.pk), form_data(GOOD_ROWS, action="submit")
    )
    assert errors(parse(response.content)) == ["主题申报已于2023年3月31日截止，不能再提交。"]
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    page = parse(client.get(url("declaration-list", campaign)).content)
    status = page.xpath("//dl[contains(@class, 'declaration-rules')]/div[1]/dd")[0]
    assert text_of(status) == "已过截止日期（退回修改的申报仍可重新提交）"


def test_before_the_window_opens_the_form_says_so(client, campaign, unit, liaison):
    client.force_login(liaison)

    page = parse(client.get(url("declaration-edit", campaign, unit.pk)).content)

    assert text_of(select(page, ".declaration-closed")[0]) == "湘江新区尚未开放主题申报。"


def test_a_returned_declaration_shows_the_offices_comment(
    client, submitted, admin, unit, liaison, campaign
):
    declaration_return(actor=admin, declaration=submitted, comment="请补充活动地点。")
    client.force_login(liaison)

    page = parse(client.get(url("declaration-edit", campaign, unit.pk)).content)

    assert text_of(select(page, ".review-comment")[0]) == "政务公开办退回意见：请补充活动地点。"
    assert value_of(page, "items-0-title") == "“一件事一次办”现场观摩"


# --- the list --------------------------------------------------------------------------------


def table(page, css: str) -> list[list[str]]:
    return [
        [text_of(cell) for cell in row.xpath("th|td")]
        for row in select(page, f"table.{css} tbody tr")
    ]


def test_the_office_sees_every_unit_and_the_counts(
    client, submitted, campaign, region, admin, other_unit
):
    UnitFactory(region=region, name="坪塘街道办事处", kind="street")
    client.force_login(admin)

    response = client.get(url("declaration-list", campaign))

    page = parse(response.content)
    submitted_at = timezone.localtime(submitted.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert table(page, "all-table") == [
        ["新区经济发展局", "未填报", "—", "—", "—", "—", "—"],
        [
            "新区行政审批服务局",
            "已提交",
            "2",
            "李娟",
            "0731-88999337",
            submitted_at,
            "审核新区行政审批服务局的申报",
        ],
        ["坪塘街道办事处", "未填报", "—", "—", "—", "—", "—"],
    ]
    assert [text_of(li) for li in select(page, ".declaration-counts li")] == [
        "已提交待审核 1",
        "已采纳 0",
        "已退回 0",
        "草稿 0",
        "未填报 2",
    ]
    assert [text_of(a) for a in select(page, "ul.downloads a")] == ["修改申报安排", "编制计划"]
    assert not select(page, "table.mine-table")


def test_a_liaison_sees_only_their_own_unit(client, draft, campaign, liaison, other_liaison):
    client.force_login(liaison)

    page = parse(client.get(url("declaration-list", campaign)).content)

    assert table(page, "mine-table") == [
        ["新区行政审批服务局", "草稿", "2", "修改并提交（新区行政审批服务局）"]
    ]
    assert not select(page, "table.all-table")
    assert "新区经济发展局" not in text_of(page)

    client.force_login(other_liaison)
    page = parse(client.get(url("declaration-list", campaign)).content)
    assert table(page, "mine-table") == [
        ["新区经济发展局", "未填报", "0", "填写申报（新区经济发展局）"]
    ]


def test_a_superior_viewer_reads_without_review_buttons(client, submitted, campaign, city):
    viewer = MembershipFactory(role="superior_viewer", region=city).user
    client.force_login(viewer)

    page = parse(client.get(url("declaration-list", campaign)).content)

    assert table(page, "all-table")[1][:3] == ["新区行政审批服务局", "已提交", "2"]
    assert text_of(select(page, ".plan-card-head a.button")[0]) == "查看计划编制"
    assert "修改申报安排" not in text_of(page)


def test_the_list_takes_a_fixed_number_of_queries(
    client, window, campaign, region, admin, django_assert_num_queries
):
    for n in range(30):
        unit = UnitFactory(region=region, name=f"新区第{n}局")
        user = UserFactory()
        MembershipFactory(user=user, role="unit_liaison", region=region, unit=unit)
        save(user, campaign, unit)
    client.force_login(admin)

    # Exactly: a query repeated per unit or per check (memberships) would fail this.
    with django_assert_num_queries(7):
        response = client.get(url("declaration-list", campaign))

    assert len(table(parse(response.content), "all-table")) == 32


# --- one declaration and its review ----------------------------------------------------------


def test_the_office_reviews_a_submitted_declaration(client, submitted, campaign, admin):
    client.force_login(admin)

    page = parse(client.get(url("declaration-detail", campaign, submitted.pk)).content)

    facts = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".declaration-facts > div")
    }
    assert facts["填报单位"] == "新区行政审批服务局"
    assert facts["状态"] == "已提交"
    assert facts["盖章申报表"] == "未上传"
    assert table(page, "declaration-items") == [
        [
            "1",
            "“一件事一次办”现场观摩",
            "6月",
            "现场观摩",
            "邀请市民群众现场体验办事流程。",
            "政务服务",
        ],
        [
            "2",
            "政务服务满意度问卷调查",
            "9-10月",
            "问卷调查",
            "面向办事群众开展问卷调查。",
            "政务服务",
        ],
    ]
    assert [text_of(h) for h in select(page, "form.action-form h3")] == ["采纳", "退回修改"]


@pytest.mark.parametrize(("by_system", "shown"), [(False, "赵敏"), (True, "系统")])
def test_the_page_names_who_reviewed(client, submitted, campaign, admin, by_system, shown):
    declaration_accept(actor=None if by_system else admin, declaration=submitted, comment="同意")
    client.force_login(admin)

    page = parse(client.get(url("declaration-detail", campaign, submitted.pk)).content)

    facts = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".declaration-facts > div")
    }
    reviewed_at = timezone.localtime(submitted.reviewed_at).strftime("%Y-%m-%d %H:%M")
    assert (facts["审核"], facts["审核意见"]) == (f"{shown} · {reviewed_at}", "同意")


def test_a_declaration_handed_in_again_shows_the_last_review_as_such(
    client, submitted, campaign, admin, liaison
):
    declaration_return(actor=admin, declaration=submitted, comment="请补充地点")
    declaration_submit(actor=liaison, declaration=submitted, today=BEFORE_DUE)
    client.force_login(admin)

    page = parse(client.get(url("declaration-detail", campaign, submitted.pk)).content)

    labels = [text_of(dt) for dt in select(page, ".declaration-facts dt")]
    assert labels[-2:] == ["上次审核", "上次审核意见"]
    assert [text_of(h) for h in select(page, "form.action-form h3")] == ["采纳", "退回修改"]


def test_accepting_from_the_page(client, submitted, campaign, admin):
    client.force_login(admin)

    response = client.post(url("declaration-review", campaign, submitted.pk, "accept"), {})

    assert response.status_code == 302
    assert response.headers["Location"] == url("declaration-list", campaign)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewer) == (S.ACCEPTED, admin)
    page = parse(client.get(response.headers["Location"]).content)
    assert text_of(select(page, ".messages")[0]) == "新区行政审批服务局的主题申报已采纳。"


def test_returning_without_a_reason_is_refused_on_the_field(client, submitted, campaign, admin):
    client.force_login(admin)

    response = client.post(
        url("declaration-review", campaign, submitted.pk, "return"), {"comment": " "}
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert errors(page) == ["请填写退回原因。"]
    assert field_error(page, "id_return_comment") == "请填写退回原因。"
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_returning_with_a_reason(client, submitted, campaign, admin, liaison):
    client.force_login(admin)

    client.post(
        url("declaration-review", campaign, submitted.pk, "return"), {"comment": "请补充地点"}
    )

    submitted.refresh_from_db()
    assert (submitted.state, submitted.review_comment) == (S.RETURNED, "请补充地点")
    client.force_login(liaison)
    page = parse(client.get(url("declaration-detail", campaign, submitted.pk)).content)
    assert not select(page, "form.action-form")
    assert "修改申报" in [text_of(a) for a in select(page, ".downloads a")]


def test_an_unknown_review_action_is_not_found(client, submitted, campaign, admin):
    client.force_login(admin)

    assert (
        client.post(url("declaration-review", campaign, submitted.pk, "delete")).status_code == 404
    )
    assert (
        client.get(url("declaration-review", campaign, submitted.pk, "accept")).status_code == 405
    )


def test_a_liaison_reads_their_declaration_without_review_forms(
    client, submitted, campaign, liaison
):
    client.force_login(liaison)

    page = parse(client.get(url("declaration-detail", campaign, submitted.pk)).content)

    assert not select(page, "form.action-form")
    assert [text_of(a) for a in select(page, ".downloads a")] == ["下载 XLSX", "下载 DOCX"]


# --- the window ------------------------------------------------------------------------------


def test_the_window_page_proposes_the_rules_due_date(client, campaign, admin):
    client.force_login(admin)

    page = parse(client.get(url("window-edit", campaign)).content)

    assert value_of(page, "closes_on") == "2023-03-31"
    assert text_of(select(page, "h1")[0]) == "开放主题申报"


def test_opening_the_window_from_the_page(client, campaign, admin):
    client.force_login(admin)

    response = client.post(
        url("window-edit", campaign),
        {"closes_on": "2023-04-07", "requires_stamp": "on", "note": "请加盖公章"},
    )

    assert response.status_code == 302
    window = DeclarationWindow.objects.get(campaign=campaign)
    assert (window.closes_on, window.requires_stamp, window.note) == (
        D(2023, 4, 7),
        True,
        "请加盖公章",
    )
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.DECLARATION


def test_a_deadline_in_another_year_is_refused_on_the_field(client, campaign, admin):
    client.force_login(admin)

    response = client.post(url("window-edit", campaign), {"closes_on": "2024-03-31"})

    assert response.status_code == 400
    assert field_error(parse(response.content), "id_closes_on") == "申报截止日期应在 2023 年内。"
    assert not DeclarationWindow.objects.exists()


# --- the plan --------------------------------------------------------------------------------


@pytest.fixture
def two_accepted(accepted, campaign, other_unit, admin):
    """审批局's good 申报表, and 经发局's: 产业项目实地调研 (5月) and the same survey."""
    user = UserFactory()
    MembershipFactory(user=user, role="unit_liaison", region=campaign.region, unit=other_unit)
    field_research = replace(
        good_items()[0], title="产业项目实地调研", form_text="实地调研", month_start=5
    )
    other = save(user, campaign, other_unit, items=[field_research, good_items()[1]])
    declaration_submit(actor=user, declaration=other, today=BEFORE_DUE)
    declaration_accept(actor=admin, declaration=other)
    return accepted, other


def test_compiling_and_publishing_from_the_plan_page(client, two_accepted, campaign, admin):
    client.force_login(admin)
    page = parse(client.get(url("plan-review", campaign)).content)
    assert text_of(select(page, ".plan-card .notice")[0]).startswith("尚未编制计划。")
    assert len(table(page, "accepted-items")) == 4

    response = client.post(url("plan-compile", campaign))

    assert response.headers["Location"] == url("plan-review", campaign)
    page = parse(client.get(response.headers["Location"]).content)
    assert text_of(select(page, ".messages")[0]) == "已编制计划：共 4 项，请核对后发布。"
    assert table(page, "compiled-plan") == [
        ["1", "5月", "产业项目实地调研", "实地调研", "新区经济发展局"],
        ["2", "6月", "“一件事一次办”现场观摩", "现场观摩", "新区行政审批服务局"],
        ["3", "9-10月", "政务服务满意度问卷调查", "问卷调查", "新区经济发展局"],
        ["4", "9-10月", "政务服务满意度问卷调查", "问卷调查", "新区行政审批服务局"],
    ]
    campaign.refresh_from_db()
    version = campaign.content_version

    response = client.post(url("plan-publish", campaign))

    assert response.headers["Location"] == reverse("staff:campaign-detail", args=[campaign.slug])
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.RUNNING
    assert campaign.content_version > version
    column = client.get(reverse("portal:campaign-column", args=[campaign.slug]))
    assert "产业项目实地调研" in column.content.decode()


def test_merging_from_the_plan_page(client, two_accepted, campaign, admin):
    mine, other = two_accepted
    client.force_login(admin)
    chosen = [mine.items.get(seq=2).pk, other.items.get(seq=2).pk]

    response = client.post(
        url("merge-create", campaign), {"items": chosen, "title": "政务服务满意度联合调查"}
    )

    assert response.status_code == 302
    merge = DeclarationMerge.objects.get()
    assert sorted(merge.items.values_list("pk", flat=True)) == sorted(chosen)
    client.post(url("plan-compile", campaign))
    assert list(Activity.objects.rows().filter(campaign=campaign).values_list("seq", "title")) == [
        (1, "产业项目实地调研"),
        (2, "“一件事一次办”现场观摩"),
        (3, "政务服务满意度联合调查"),
    ]
    page = parse(client.get(url("plan-review", campaign)).content)
    assert text_of(select(page, ".merge")[0]).startswith("政务服务满意度联合调查（9-10月）")

    client.post(url("merge-delete", campaign, merge.pk))

    assert not DeclarationMerge.objects.exists()


def test_a_refused_merge_keeps_the_choice(client, two_accepted, campaign, admin):
    mine, _other = two_accepted
    client.force_login(admin)
    chosen = mine.items.get(seq=1).pk

    response = client.post(url("merge-create", campaign), {"items": [chosen], "title": "合并"})

    assert response.status_code == 400
    page = parse(response.content)
    assert errors(page) == ["要合并的主题：请至少选择两个主题进行合并。"]
    assert page.xpath("//a[@href='#merge-items']")
    assert page.xpath(f"//input[@id='merge-item-{chosen}']/@checked")
    assert value_of(page, "title") == "合并"


def test_compiling_without_accepted_declarations_says_so(client, submitted, campaign, admin):
    client.force_login(admin)

    response = client.post(url("plan-compile", campaign), follow=True)

    assert text_of(select(parse(response.content), ".messages")[0]) == (
        "还没有已采纳的申报，无法编制计划。"
    )
    assert not Activity.objects.exists()


def test_once_published_the_plan_page_offers_nothing_to_do(client, two_accepted, campaign, admin):
    plan_compile(actor=admin, campaign=campaign)
    client.force_login(admin)
    client.post(url("plan-publish", campaign))

    page = parse(client.get(url("plan-review", campaign)).content)

    assert not page.xpath("//form[contains(@action, 'compile')]")
    assert not page.xpath("//input[@type='checkbox']")
    assert "计划已发布（活动开展），不能再合并或重新编制。" in text_of(page)


def test_merges_from_a_past_merge_are_listed(client, two_accepted, campaign, admin):
    mine, other = two_accepted
    declaration_merge(
        actor=admin,
        campaign=campaign,
        items=[mine.items.get(seq=1), other.items.get(seq=1)],
        title="联合开放日",
    )
    client.force_login(admin)

    page = parse(client.get(url("plan-review", campaign)).content)

    assert text_of(select(page, ".merge")[0]) == (
        "联合开放日（5-6月） 新区经济发展局“产业项目实地调研”；"
        "新区行政审批服务局““一件事一次办”现场观摩” 撤销合并“联合开放日”"
    )
    assert AuditEntry.objects.filter(action="declaration.merge").count() == 1
