"""The declaration workflows, called directly: each one's success and each refusal."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.selectors import plan_is_published
from openday.campaigns.services import (
    campaign_set_phase,
    campaign_set_plan_layout,
    campaign_set_rules,
)
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.declarations.enums import DeclarationState as S
from openday.declarations.models import Declaration, DeclarationItem, DeclarationMerge
from openday.declarations.selectors import declaration_counts, declaration_list
from openday.declarations.services import (
    DeclarationInvalid,
    ItemInput,
    declaration_accept,
    declaration_hand_in,
    declaration_merge,
    declaration_return,
    declaration_submit,
    declaration_unmerge,
    declaration_window_open,
    plan_compile,
    plan_publish,
)
from openday.orgs.enums import Role
from tests.declarations.helpers import (
    BEFORE_DUE,
    PDF,
    D,
    good_items,
    make_user,
    png_bytes,
    save,
    upload,
)
from tests.factories import (
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def item_rows(declaration) -> list[tuple]:
    return list(
        declaration.items.order_by("seq").values_list(
            "seq", "title", "month_start", "month_end", "form_text", "form_kind", "category"
        )
    )


def problems(error: DeclarationInvalid) -> list[tuple[str | None, str]]:
    return [(e.field, e.message) for e in error.errors]


# --- the window ------------------------------------------------------------------------------


def test_opening_the_window_takes_the_rules_due_date_and_starts_the_phase(campaign, admin):
    version = campaign.content_version

    window = declaration_window_open(actor=admin, campaign=campaign, requires_stamp=True)

    campaign.refresh_from_db()
    assert (window.closes_on, window.requires_stamp, window.opened_by) == (
        D(2023, 3, 31),
        True,
        admin,
    )
    assert campaign.phase == CampaignPhase.DECLARATION
    assert campaign.content_version == version + 1
    entry = AuditEntry.objects.get(action="declaration.window_open")
    assert entry.after == {"closes_on": "2023-03-31", "requires_stamp": True, "note": ""}
    assert entry.before is None


def test_opening_again_changes_the_window_and_keeps_when_it_opened(window, campaign, admin):
    opened_at = window.opened_at

    again = declaration_window_open(
        actor=admin, campaign=campaign, closes_on=D(2023, 4, 7), note="延期一周"
    )

    assert again.pk == window.pk
    assert (again.closes_on, again.note, again.opened_at) == (D(2023, 4, 7), "延期一周", opened_at)
    assert AuditEntry.objects.filter(action="declaration.window_open").order_by(
        "id"
    ).last().before == {
        "closes_on": "2023-03-31",
        "requires_stamp": False,
        "note": "",
    }


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("liaison", "您不是湘江新区政务公开办的管理员，不能开放主题申报。"),
        ("other_region_admin", "您不是湘江新区政务公开办的管理员，不能开放主题申报。"),
        ("viewer", "您不是湘江新区政务公开办的管理员，不能开放主题申报。"),
    ],
)
def test_only_the_regions_office_opens_the_window(campaign, unit, other_unit, kind, message):
    user = make_user(kind, campaign.region, unit, other_unit)

    with pytest.raises(PermissionDenied) as refused:
        declaration_window_open(actor=user, campaign=campaign)

    assert refused.value.message == message
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.DRAFT


@pytest.mark.parametrize(
    ("closes_on", "due", "phase", "message"),
    [
        (None, None, CampaignPhase.DRAFT, "请填写申报截止日期。"),
        (D(2024, 1, 5), None, CampaignPhase.DRAFT, "申报截止日期应在 2023 年内。"),
        (None, D(2023, 3, 31), CampaignPhase.RUNNING, "计划已发布，不能再开放主题申报。"),
    ],
)
def test_window_refusals(campaign, admin, closes_on, due, phase, message):
    campaign_set_rules(campaign=campaign, declaration_due_on=due)
    campaign.phase = phase
    campaign.save()
    campaign.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        declaration_window_open(actor=admin, campaign=campaign, closes_on=closes_on)

    assert refused.value.message == message
    assert not hasattr(campaign, "declaration_window")


# --- saving a draft --------------------------------------------------------------------------


def test_a_liaison_saves_a_draft_with_kinds_and_a_single_month_range(
    window, campaign, unit, liaison
):
    declaration = save(liaison, campaign, unit)

    assert (declaration.state, declaration.contact_person, declaration.phone) == (
        S.DRAFT,
        "李娟",
        "0731-88999337",
    )
    assert item_rows(declaration) == [
        (1, "“一件事一次办”现场观摩", 6, 6, "现场观摩", "site_visit", "政务服务"),
        (2, "政务服务满意度问卷调查", 9, 10, "问卷调查", "survey", "政务服务"),
    ]
    entry = AuditEntry.objects.get(action="declaration.save")
    assert entry.actor == liaison
    assert entry.after["items"][1] == {
        "seq": 2,
        "title": "政务服务满意度问卷调查",
        "months": "9-10月",
        "form": "问卷调查",
        "category": "政务服务",
    }


def test_a_draft_may_be_incomplete(window, campaign, unit, liaison):
    declaration = save(
        liaison, campaign, unit, items=[ItemInput(title="待定主题")], contact_person="", phone=""
    )

    assert item_rows(declaration) == [(1, "待定主题", None, None, "", "", "")]


def test_saving_again_replaces_the_items(draft, campaign, unit, liaison):
    save(liaison, campaign, unit, items=[ItemInput(title="新主题", month_start=4)])

    assert item_rows(draft) == [(1, "新主题", 4, 4, "", "", "")]
    assert Declaration.objects.count() == 1


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        (ItemInput(title="", brief="只写了简介"), "items.1.title", "第 2 项请填写活动主题。"),
        (
            ItemInput(title="调研", month_start=13),
            "items.1.month_start",
            "第 2 项“调研”的活动时间应为 1-12 月。",
        ),
        (
            ItemInput(title="调研", month_start=11, month_end=2),
            "items.1.month_end",
            "第 2 项“调研”的活动时间应在 2023 年内，结束月份不能早于开始月份。",
        ),
        (
            ItemInput(title="调研", month_end=5),
            "items.1.month_start",
            "第 2 项“调研”请选择开始月份。",
        ),
        (
            ItemInput(title="调研", form_text="政策宣传"),
            "items.1.form_text",
            "第 2 项“调研”的活动形式“政策宣传”不在本次活动允许的形式中。",
        ),
        (
            ItemInput(title="调研", category="文化旅游"),
            "items.1.category",
            "第 2 项“调研”的主题类别“文化旅游”不在本次活动的类别中。",
        ),
        (
            ItemInput(title="“一件事一次办”现场观摩"),
            "items.1.title",
            "第 2 项与第 1 项的活动主题相同。",
        ),
    ],
)
def test_a_wrong_item_saves_nothing(draft, campaign, unit, liaison, item, field, message):
    before = item_rows(draft)
    items = [good_items()[0], item]

    with pytest.raises(DeclarationInvalid) as refused:
        save(liaison, campaign, unit, items=items, contact_person="改过的联系人")

    assert problems(refused.value) == [(field, message)]
    draft.refresh_from_db()
    assert item_rows(draft) == before
    assert draft.contact_person == "李娟"


def test_every_problem_is_reported_at_once(window, campaign, unit, liaison):
    items = [ItemInput(title="甲", month_start=0), ItemInput(title="乙", form_text="直播")]

    with pytest.raises(DeclarationInvalid) as refused:
        save(liaison, campaign, unit, items=items, phone="电话")

    assert problems(refused.value) == [
        ("phone", "联系电话格式不正确，请填写手机号码或带区号的固定电话。"),
        ("items.0.month_start", "第 1 项“甲”的活动时间应为 1-12 月。"),
        ("items.1.form_text", "第 2 项“乙”的活动形式“直播”不在本次活动允许的形式中。"),
    ]
    assert not Declaration.objects.exists()


def test_at_most_twenty_items(window, campaign, unit, liaison):
    with pytest.raises(DeclarationInvalid) as refused:
        save(liaison, campaign, unit, items=[ItemInput(title=f"主题{n}") for n in range(21)])

    assert refused.value.message == "每个单位最多申报 20 个主题。"


def test_a_campaign_with_an_open_list_of_forms_maps_free_text(window, campaign, unit, liaison):
    campaign.forms.all().delete()

    declaration = save(
        liaison, campaign, unit, items=[ItemInput(title="律师进企业", form_text="法律服务座谈交流")]
    )

    assert item_rows(declaration) == [
        (1, "律师进企业", None, None, "法律服务座谈交流", "discussion", "")
    ]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("other_liaison", "您不是新区行政审批服务局的联络员，不能填写其主题申报。"),
        ("admin", "您不是新区行政审批服务局的联络员，不能填写其主题申报。"),
        ("other_region_liaison", "您不是新区行政审批服务局的联络员，不能填写其主题申报。"),
    ],
)
def test_only_the_units_liaison_saves(window, campaign, unit, other_unit, kind, message):
    user = make_user(kind, campaign.region, unit, other_unit)

    with pytest.raises(PermissionDenied) as refused:
        save(user, campaign, unit)

    assert refused.value.message == message
    assert not Declaration.objects.exists()


def test_an_anonymous_user_saves_nothing(window, campaign, unit):
    with pytest.raises(PermissionDenied):
        save(AnonymousUser(), campaign, unit)


def test_a_unit_of_another_region_cannot_declare_here(window, campaign, liaison):
    elsewhere = UnitFactory(region=RegionFactory(name="天心区"), name="区教育局")

    with pytest.raises(DomainError) as refused:
        save(liaison, campaign, elsewhere)

    assert refused.value.message == "该单位不属于本年度活动的地区。"


def test_nothing_is_saved_before_the_window_opens(campaign, unit, liaison):
    with pytest.raises(DomainError) as refused:
        save(liaison, campaign, unit)

    assert refused.value.message == "湘江新区尚未开放主题申报。"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("submitted", "该申报已提交，等待审核，不能修改。"),
        ("accepted", "该申报已采纳，不能修改。"),
    ],
)
def test_a_handed_in_declaration_cannot_be_changed(
    request, campaign, unit, liaison, fixture, message
):
    declaration = request.getfixturevalue(fixture)

    with pytest.raises(DomainError) as refused:
        save(liaison, campaign, unit, items=[ItemInput(title="改")])

    assert refused.value.message == message
    assert declaration.items.count() == 2


# --- the stamped scan ------------------------------------------------------------------------


def test_a_stamp_is_stored_under_a_new_name(window, campaign, unit, liaison):
    declaration = save(liaison, campaign, unit, stamp=upload("申报表（盖章）.png", png_bytes()))

    assert declaration.stamp_name == "申报表（盖章）.png"
    assert declaration.stamp.name.startswith(f"declarations/{campaign.pk}/")
    assert declaration.stamp.name.endswith(".png")
    assert "申报表" not in declaration.stamp.name
    with declaration.stamp.open("rb") as handle:
        assert handle.read() == png_bytes()


def test_a_new_stamp_replaces_the_old_file(
    window, campaign, unit, liaison, django_capture_on_commit_callbacks
):
    first = save(liaison, campaign, unit, stamp=upload("a.pdf", PDF))
    old = first.stamp.name
    storage = first.stamp.storage

    with django_capture_on_commit_callbacks(execute=True):
        second = save(liaison, campaign, unit, stamp=upload("b.png", png_bytes()))

    assert second.stamp_name == "b.png"
    assert not storage.exists(old)
    assert storage.exists(second.stamp.name)


def test_a_fake_stamp_saves_nothing(window, campaign, unit, liaison):
    with pytest.raises(DeclarationInvalid) as refused:
        save(liaison, campaign, unit, stamp=upload("scan.pdf", b"<html>not a pdf</html>"))

    assert problems(refused.value) == [
        ("stamp", "文件“scan.pdf”不是有效的 PDF、JPG 或 PNG 文件，请重新扫描后上传。")
    ]
    assert not Declaration.objects.exists()


# --- submitting ------------------------------------------------------------------------------


def test_a_complete_declaration_is_submitted(draft, liaison):
    declaration = declaration_submit(actor=liaison, declaration=draft, today=BEFORE_DUE)

    assert declaration.state == S.SUBMITTED
    assert declaration.submitted_at is not None
    entry = AuditEntry.objects.filter(action="declaration.submit").get()
    assert (entry.before, entry.after) == ({"state": "draft"}, {"state": "submitted", "items": 2})


def test_the_due_date_itself_still_counts(draft, liaison):
    declaration = declaration_submit(actor=liaison, declaration=draft, today=D(2023, 3, 31))

    assert declaration.state == S.SUBMITTED


def test_after_the_due_date_a_draft_is_refused(draft, liaison):
    with pytest.raises(DomainError) as refused:
        declaration_submit(actor=liaison, declaration=draft, today=D(2023, 4, 1))

    assert refused.value.message == "主题申报已于2023年3月31日截止，不能再提交。"
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


def test_a_returned_declaration_may_be_handed_in_again_after_the_due_date(
    submitted, admin, liaison
):
    declaration_return(actor=admin, declaration=submitted, comment="请补充活动简介")

    again = declaration_submit(actor=liaison, declaration=submitted, today=D(2023, 4, 10))

    assert again.state == S.SUBMITTED


def _submit_with(campaign, unit, liaison, items, **fields):
    declaration = save(liaison, campaign, unit, items=items, **fields)
    with pytest.raises(DeclarationInvalid) as refused:
        declaration_submit(actor=liaison, declaration=declaration, today=BEFORE_DUE)
    declaration.refresh_from_db()
    assert declaration.state == S.DRAFT
    return problems(refused.value)


@pytest.mark.parametrize("count", [1, 3])
def test_exactly_the_rules_number_of_themes(window, campaign, unit, liaison, count):
    items = [*good_items(), ItemInput(**{**good_items()[1].__dict__, "title": "第三个主题"})]

    got = _submit_with(campaign, unit, liaison, items[:count])

    assert got == [("items", f"须申报 2 个活动主题，现有 {count} 个。")]


def test_at_least_one_theme_of_a_required_kind(window, campaign, unit, liaison):
    first, second = good_items()
    first = ItemInput(**{**first.__dict__, "form_text": "座谈交流"})

    got = _submit_with(campaign, unit, liaison, [first, second])

    assert got == [("items", "至少一个主题的活动形式须为实地调研或现场观摩。")]


def test_each_item_must_be_complete_and_named_in_the_message(window, campaign, unit, liaison):
    items = [ItemInput(title="甲"), good_items()[1]]

    got = _submit_with(campaign, unit, liaison, items, contact_person="", phone="")

    assert got == [
        ("contact_person", "请填写联系人。"),
        ("phone", "请填写联系电话。"),
        ("items.0.month_start", "第 1 项“甲”请选择活动时间（月份）。"),
        ("items.0.form_text", "第 1 项“甲”请选择活动形式。"),
        ("items.0.brief", "第 1 项“甲”请填写活动简介。"),
        ("items.0.category", "第 1 项“甲”请选择主题类别。"),
        ("items", "至少一个主题的活动形式须为实地调研或现场观摩。"),
    ]


def test_a_category_the_campaign_no_longer_has_is_refused(draft, campaign, liaison):
    campaign_set_rules(campaign=campaign, declaration_categories=["科技创新", "营商环境"])

    with pytest.raises(DeclarationInvalid) as refused:
        declaration_submit(actor=liaison, declaration=draft, today=BEFORE_DUE)

    assert problems(refused.value) == [
        (
            "items.0.category",
            "第 1 项““一件事一次办”现场观摩”的主题类别“政务服务”不在本次活动的类别中。",
        ),
        (
            "items.1.category",
            "第 2 项“政务服务满意度问卷调查”的主题类别“政务服务”不在本次活动的类别中。",
        ),
    ]


def test_a_month_already_past_in_the_campaign_year_is_refused(window, campaign, unit, liaison):
    first, second = good_items()
    first = ItemInput(**{**first.__dict__, "month_start": 1, "month_end": 2})

    got = _submit_with(campaign, unit, liaison, [first, second])

    assert got == [
        (
            "items.0.month_start",
            "第 1 项““一件事一次办”现场观摩”的活动时间（1-2月）已过，请选择 3 月或以后的月份。",
        )
    ]


def test_the_stamp_when_the_office_asks_for_it(campaign, unit, admin, liaison):
    declaration_window_open(actor=admin, campaign=campaign, requires_stamp=True)

    got = _submit_with(campaign, unit, liaison, good_items())

    assert got == [("stamp", "请上传加盖填报单位公章的申报表扫描件。")]
    with_stamp = save(liaison, campaign, unit, stamp=upload("scan.pdf", PDF))
    assert declaration_submit(actor=liaison, declaration=with_stamp, today=BEFORE_DUE).state == (
        S.SUBMITTED
    )


def test_a_campaign_without_declaration_rules_takes_any_complete_declaration(
    campaign, unit, admin, liaison
):
    campaign_set_rules(
        campaign=campaign,
        declaration_themes_per_unit=None,
        declaration_required_kinds=[],
        declaration_categories=[],
    )
    declaration_window_open(actor=admin, campaign=campaign)
    item = ItemInput(title="政策发布会", month_start=5, form_text="政策发布", brief="发布政策")

    declaration = save(liaison, campaign, unit, items=[item])
    declaration_submit(actor=liaison, declaration=declaration, today=BEFORE_DUE)

    assert declaration.state == S.SUBMITTED
    assert item_rows(declaration) == [(1, "政策发布会", 5, 5, "政策发布", "policy_release", "")]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("other_liaison", "您不是新区行政审批服务局的联络员，不能提交其主题申报。"),
        ("admin", "您不是新区行政审批服务局的联络员，不能提交其主题申报。"),
    ],
)
def test_only_the_units_liaison_submits(draft, unit, other_unit, kind, message):
    user = make_user(kind, draft.campaign.region, unit, other_unit)

    with pytest.raises(PermissionDenied) as refused:
        declaration_submit(actor=user, declaration=draft, today=BEFORE_DUE)

    assert refused.value.message == message


def test_submitting_twice_is_refused(submitted, liaison):
    with pytest.raises(DomainError) as refused:
        declaration_submit(actor=liaison, declaration=submitted, today=BEFORE_DUE)

    assert refused.value.message == "该申报已提交，等待审核，不能重复提交。"


def test_no_submission_once_the_plan_is_published(draft, campaign, liaison):
    campaign_set_phase(campaign=campaign, phase=CampaignPhase.RUNNING)

    with pytest.raises(DomainError) as refused:
        declaration_submit(actor=liaison, declaration=draft, today=BEFORE_DUE)

    assert refused.value.message == "计划已发布，主题申报已结束。"


# --- review ----------------------------------------------------------------------------------


def test_the_office_accepts(submitted, admin):
    declaration = declaration_accept(actor=admin, declaration=submitted, comment="同意")

    assert (declaration.state, declaration.reviewer, declaration.review_comment) == (
        S.ACCEPTED,
        admin,
        "同意",
    )
    assert declaration.reviewed_at is not None
    assert actions()[-1] == "declaration.accept"


def test_the_office_returns_with_a_comment(submitted, admin):
    declaration = declaration_return(actor=admin, declaration=submitted, comment=" 请补充简介 ")

    assert (declaration.state, declaration.review_comment) == (S.RETURNED, "请补充简介")
    entry = AuditEntry.objects.get(action="declaration.return")
    assert (entry.before, entry.after, entry.comment) == (
        {"state": "submitted"},
        {"state": "returned"},
        "请补充简介",
    )


def test_a_return_needs_a_comment(submitted, admin):
    with pytest.raises(DomainError) as refused:
        declaration_return(actor=admin, declaration=submitted, comment="  ")

    assert (refused.value.message, refused.value.field) == ("请填写退回原因。", "comment")
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


@pytest.mark.parametrize(
    ("fixture", "service", "message"),
    [
        ("draft", "accept", "该申报尚未提交，不能采纳。"),
        ("draft", "return", "该申报尚未提交，不能退回。"),
        ("accepted", "accept", "该申报已采纳。"),
    ],
)
def test_review_follows_the_transition_table(request, admin, fixture, service, message):
    declaration = request.getfixturevalue(fixture)
    call = {"accept": declaration_accept, "return": declaration_return}[service]

    with pytest.raises(DomainError) as refused:
        call(actor=admin, declaration=declaration, comment="意见")

    assert refused.value.message == message


def test_a_returned_declaration_cannot_be_accepted_or_returned_again(submitted, admin):
    declaration_return(actor=admin, declaration=submitted, comment="改")

    for call, message in [
        (declaration_accept, "该申报已退回单位修改，不能采纳。"),
        (declaration_return, "该申报已退回。"),
    ]:
        with pytest.raises(DomainError) as refused:
            call(actor=admin, declaration=submitted, comment="再改")
        assert refused.value.message == message


def test_an_accepted_declaration_may_be_returned_before_the_plan_is_published(accepted, admin):
    assert declaration_return(actor=admin, declaration=accepted, comment="重新考虑").state == (
        S.RETURNED
    )


def test_an_accepted_declaration_stays_once_the_plan_is_published(accepted, campaign, admin):
    campaign_set_phase(campaign=campaign, phase=CampaignPhase.RUNNING)

    with pytest.raises(DomainError) as refused:
        declaration_return(actor=admin, declaration=accepted, comment="改")

    assert refused.value.message == "计划已发布，不能再退回已采纳的申报。"


@pytest.mark.parametrize("kind", ["liaison", "other_region_admin", "viewer"])
@pytest.mark.parametrize("call", [declaration_accept, declaration_return])
def test_only_the_regions_office_reviews(submitted, unit, other_unit, kind, call):
    user = make_user(kind, submitted.campaign.region, unit, other_unit)

    with pytest.raises(PermissionDenied) as refused:
        call(actor=user, declaration=submitted, comment="意见")

    assert refused.value.message == "您不是湘江新区政务公开办的管理员，不能审核主题申报。"
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


# --- merging and compiling -------------------------------------------------------------------


def liaison_of(unit):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=unit.region, unit=unit)
    return user


def _declare(campaign, unit, items, *, admin):
    """An accepted declaration of ``unit`` with ``items`` (a liaison made for the unit)."""
    user = liaison_of(unit)
    declaration = save(user, campaign, unit, items=items)
    declaration_submit(actor=user, declaration=declaration, today=BEFORE_DUE)
    return declaration_accept(actor=admin, declaration=declaration)


def _item(title, start, form="实地调研", end=None, category="经济发展"):
    return ItemInput(
        title=title,
        month_start=start,
        month_end=end,
        form_text=form,
        brief=f"{title}简介",
        category=category,
    )


@pytest.fixture
def two_units(window, campaign, unit, other_unit, admin):
    """审批局 declares 6月 and 9-10月, 经发局 5月 and 6月: both accepted."""
    shenpi = _declare(
        campaign,
        unit,
        [_item("政务服务现场观摩", 6, "现场观摩"), _item("满意度调查", 9, "问卷调查", end=10)],
        admin=admin,
    )
    jingfa = _declare(
        campaign,
        other_unit,
        [_item("产业项目实地调研", 5), _item("惠企政策发布", 6, "政策发布")],
        admin=admin,
    )
    return shenpi, jingfa


def plan_rows(campaign) -> list[tuple]:
    return [
        (
            a.seq,
            a.month_label,
            a.title,
            "、".join(f.text for f in a.forms.all()),
            "、".join(h.text for h in a.hosts.all()),
        )
        for a in Activity.objects.rows().filter(campaign=campaign).order_by("seq")
    ]


def test_compile_numbers_the_plan_by_month_then_unit(two_units, campaign, admin):
    change = plan_compile(actor=admin, campaign=campaign)

    # Same month (6月): 经发局 before 审批局, the registry's order of names.
    assert plan_rows(campaign) == [
        (1, "5月", "产业项目实地调研", "实地调研", "新区经济发展局"),
        (2, "6月", "惠企政策发布", "政策发布", "新区经济发展局"),
        (3, "6月", "政务服务现场观摩", "现场观摩", "新区行政审批服务局"),
        (4, "9-10月", "满意度调查", "问卷调查", "新区行政审批服务局"),
    ]
    assert change.created == [1, 2, 3, 4]
    assert Activity.objects.rows().get(campaign=campaign, seq=1).brief == "产业项目实地调研简介"
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.PLANNING
    assert not plan_is_published(campaign)
    assert "plan.compile" in actions()


def test_compile_gives_a_layout_without_hosts_the_hosts_column(two_units, campaign, admin):
    campaign_set_plan_layout(
        campaign=campaign,
        columns=[("seq", "序号"), ("title", "活动主题"), ("forms", "活动形式"), ("brief", "简介")],
    )

    plan_compile(actor=admin, campaign=campaign)

    campaign.refresh_from_db()
    assert campaign.plan_columns == [
        ["seq", "序号"],
        ["title", "活动主题"],
        ["forms", "活动形式"],
        ["units", "责任单位"],
        ["brief", "简介"],
    ]


def test_a_merged_item_is_one_row_with_every_unit_as_host(two_units, campaign, admin):
    shenpi, jingfa = two_units
    items = [shenpi.items.get(seq=1), jingfa.items.get(seq=2)]

    merge = declaration_merge(
        actor=admin, campaign=campaign, items=items, title="政务服务与惠企政策联合开放日"
    )
    plan_compile(actor=admin, campaign=campaign)

    assert (merge.month_start, merge.month_end) == (6, 6)
    assert plan_rows(campaign) == [
        (1, "5月", "产业项目实地调研", "实地调研", "新区经济发展局"),
        (
            2,
            "6月",
            "政务服务与惠企政策联合开放日",
            "政策发布、现场观摩",
            "新区经济发展局、新区行政审批服务局",
        ),
        (3, "9-10月", "满意度调查", "问卷调查", "新区行政审批服务局"),
    ]
    assert (
        Activity.objects.rows().get(campaign=campaign, seq=2).brief
        == "惠企政策发布简介\n政务服务现场观摩简介"
    )
    assert AuditEntry.objects.get(action="declaration.merge").after == {
        "title": "政务服务与惠企政策联合开放日",
        "months": "6月",
        "items": ["新区行政审批服务局：政务服务现场观摩", "新区经济发展局：惠企政策发布"],
    }


def test_a_merge_may_set_its_own_months_and_brief(two_units, campaign, admin):
    shenpi, jingfa = two_units
    items = [shenpi.items.get(seq=2), jingfa.items.get(seq=1)]

    merge = declaration_merge(
        actor=admin,
        campaign=campaign,
        items=items,
        title="联合调研",
        month_start=7,
        month_end=8,
        brief="两单位联合开展",
    )
    plan_compile(actor=admin, campaign=campaign)

    assert merge.month_label == "7-8月"
    assert (
        Activity.objects.rows().get(campaign=campaign, title="联合调研").brief == "两单位联合开展"
    )


def test_merge_spans_the_items_months_by_default(two_units, campaign, admin):
    shenpi, jingfa = two_units
    merge = declaration_merge(
        actor=admin,
        campaign=campaign,
        items=[shenpi.items.get(seq=2), jingfa.items.get(seq=1)],
        title="联合调研",
    )

    assert merge.month_label == "5-10月"


def test_undoing_a_merge_gives_the_items_back(two_units, campaign, admin):
    shenpi, jingfa = two_units
    merge = declaration_merge(
        actor=admin,
        campaign=campaign,
        items=[shenpi.items.get(seq=1), jingfa.items.get(seq=2)],
        title="联合",
    )

    declaration_unmerge(actor=admin, merge=merge)

    assert not DeclarationMerge.objects.exists()
    assert not DeclarationItem.objects.filter(merged_into__isnull=False).exists()
    assert actions()[-1] == "declaration.unmerge"


@pytest.mark.parametrize(
    ("pick", "title", "message"),
    [
        ("one", "联合", "请至少选择两个主题进行合并。"),
        ("two", "  ", "请填写合并后的活动主题。"),
        ("submitted", "联合", "新区社会事业局的“待审主题”所在申报尚未采纳，不能合并。"),
        ("merged", "联合", "新区行政审批服务局的“政务服务现场观摩”已合并到“已有合并”。"),
    ],
)
def test_merge_refusals(two_units, campaign, admin, region, pick, title, message):
    shenpi, jingfa = two_units
    items = [shenpi.items.get(seq=1)]
    if pick == "two":
        items.append(jingfa.items.get(seq=1))
    if pick == "submitted":
        third = UnitFactory(region=region, name="新区社会事业局")
        user = liaison_of(third)
        pending = save(
            user,
            campaign,
            third,
            items=[_item("待审主题", 7), _item("另一主题", 8)],
        )
        declaration_submit(actor=user, declaration=pending, today=BEFORE_DUE)
        items.append(pending.items.get(seq=1))
    if pick == "merged":
        declaration_merge(
            actor=admin,
            campaign=campaign,
            items=[shenpi.items.get(seq=1), jingfa.items.get(seq=1)],
            title="已有合并",
        )
        items.append(jingfa.items.get(seq=2))

    with pytest.raises(DomainError) as refused:
        declaration_merge(actor=admin, campaign=campaign, items=items, title=title)

    assert refused.value.message == message


def test_a_merged_declaration_cannot_be_returned_until_unmerged(two_units, campaign, admin):
    shenpi, jingfa = two_units
    declaration_merge(
        actor=admin,
        campaign=campaign,
        items=[shenpi.items.get(seq=1), jingfa.items.get(seq=2)],
        title="联合开放日",
    )

    with pytest.raises(DomainError) as refused:
        declaration_return(actor=admin, declaration=shenpi, comment="改")

    assert refused.value.message == (
        "第 1 项“政务服务现场观摩”已合并到“联合开放日”，请先撤销合并再退回。"
    )


def test_compile_leaves_out_what_is_not_accepted(two_units, campaign, admin):
    shenpi, _jingfa = two_units
    declaration_return(actor=admin, declaration=shenpi, comment="改")

    plan_compile(actor=admin, campaign=campaign)

    assert [row[2] for row in plan_rows(campaign)] == ["产业项目实地调研", "惠企政策发布"]


def test_compiling_again_replaces_the_plan(two_units, campaign, admin):
    shenpi, jingfa = two_units
    plan_compile(actor=admin, campaign=campaign)
    declaration_merge(
        actor=admin,
        campaign=campaign,
        items=[shenpi.items.get(seq=1), jingfa.items.get(seq=2)],
        title="联合开放日",
    )

    change = plan_compile(actor=admin, campaign=campaign)

    assert (change.updated, change.unchanged, change.deleted) == ([2, 3], [1], [4])
    assert len(plan_rows(campaign)) == 3


def test_compile_needs_an_accepted_declaration(submitted, campaign, admin):
    with pytest.raises(DomainError) as refused:
        plan_compile(actor=admin, campaign=campaign)

    assert refused.value.message == "还没有已采纳的申报，无法编制计划。"
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("call", "what"),
    [(plan_compile, "编制计划"), (plan_publish, "发布计划")],
)
@pytest.mark.parametrize("kind", ["liaison", "other_region_admin", "viewer"])
def test_only_the_regions_office_compiles_and_publishes(
    accepted, campaign, unit, other_unit, kind, call, what
):
    user = make_user(kind, campaign.region, unit, other_unit)

    with pytest.raises(PermissionDenied) as refused:
        call(actor=user, campaign=campaign)

    assert refused.value.message == f"您不是湘江新区政务公开办的管理员，不能{what}。"
    assert not Activity.objects.exists()


def test_merge_is_the_offices_alone(two_units, campaign, liaison):
    shenpi, jingfa = two_units

    with pytest.raises(PermissionDenied) as refused:
        declaration_merge(
            actor=liaison,
            campaign=campaign,
            items=[shenpi.items.get(seq=1), jingfa.items.get(seq=1)],
            title="联合",
        )

    assert refused.value.message == "您不是湘江新区政务公开办的管理员，不能合并主题。"


# --- publishing ------------------------------------------------------------------------------


def test_publishing_runs_the_campaign_and_bumps_the_content_version(accepted, campaign, admin):
    plan_compile(actor=admin, campaign=campaign)
    campaign.refresh_from_db()
    version = campaign.content_version

    plan_publish(actor=admin, campaign=campaign)

    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.RUNNING
    assert campaign.content_version > version
    assert plan_is_published(campaign)
    assert AuditEntry.objects.get(action="plan.publish").after == {"activities": 2}


def test_publishing_an_empty_plan_is_refused(window, campaign, admin):
    with pytest.raises(DomainError) as refused:
        plan_publish(actor=admin, campaign=campaign)

    assert refused.value.message == "计划表还没有活动，请先编制计划。"


def test_after_publishing_nothing_more_is_compiled_or_published(accepted, campaign, admin):
    plan_compile(actor=admin, campaign=campaign)
    plan_publish(actor=admin, campaign=campaign)

    for call, message in [
        (plan_publish, "计划已发布。"),
        (plan_compile, "计划已发布，不能再编制计划。"),
    ]:
        with pytest.raises(DomainError) as refused:
            call(actor=admin, campaign=campaign)
        assert refused.value.message == message


# --- selectors -------------------------------------------------------------------------------


def test_the_list_has_every_unit_with_or_without_a_declaration(draft, campaign, region):
    UnitFactory(region=region, name="坪塘街道办事处", kind="street")

    rows = declaration_list(campaign)

    assert [(r.unit.name, r.state_label) for r in rows] == [
        ("新区经济发展局", "未填报"),
        ("新区行政审批服务局", "草稿"),
        ("坪塘街道办事处", "未填报"),
    ]
    assert declaration_counts(rows) == {
        "draft": 1,
        "submitted": 0,
        "returned": 0,
        "accepted": 0,
        "none": 2,
    }


def test_another_regions_campaign_lists_only_its_own_units(draft, campaign):
    elsewhere = CampaignFactory(region=RegionFactory(name="天心区"), year=2023)
    UnitFactory(region=elsewhere.region, name="区教育局")

    assert [r.unit.name for r in declaration_list(elsewhere)] == ["区教育局"]


def test_dates_are_checked_against_the_day_passed_in(draft, liaison):
    # The service never reads the clock: a day in another year is simply "after the due date".
    with pytest.raises(DomainError):
        declaration_submit(actor=liaison, declaration=draft, today=dt.date(2024, 1, 2))


# --- handing in what was typed: saved and submitted, or nothing written --------------------


def test_handing_in_saves_and_submits(window, campaign, unit, liaison):
    declaration = declaration_hand_in(
        actor=liaison,
        campaign=campaign,
        unit=unit,
        today=BEFORE_DUE,
        contact_person="李娟",
        phone="0731-88999337",
        items=good_items(),
    )

    assert declaration.state == S.SUBMITTED
    assert [title for _, title, *_ in item_rows(declaration)] == [
        "“一件事一次办”现场观摩",
        "政务服务满意度问卷调查",
    ]


def test_a_refused_hand_in_leaves_the_three_item_draft_as_it_was(
    window, campaign, unit, liaison, django_capture_on_commit_callbacks
):
    third = ItemInput(title="政策发布会", month_start=11, form_text="政策发布", brief="发布")
    draft = save(liaison, campaign, unit, items=[*good_items(), third], stamp=upload("a.pdf", PDF))
    before = item_rows(draft)
    stamp = draft.stamp.name
    storage = draft.stamp.storage
    saves = AuditEntry.objects.filter(action="declaration.save").count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DeclarationInvalid) as no:
        declaration_hand_in(
            actor=liaison,
            campaign=campaign,
            unit=unit,
            today=BEFORE_DUE,
            contact_person="王五",
            phone="0731-88999337",
            items=good_items()[:1],
            stamp=upload("b.png", png_bytes()),
        )

    assert problems(no.value) == [("items", "须申报 2 个活动主题，现有 1 个。")]
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    assert draft.contact_person == "李娟"
    assert item_rows(draft) == before
    assert len(before) == 3
    assert draft.stamp.name == stamp
    assert storage.exists(stamp)
    # The scan uploaded with the refused attempt is not left behind.
    folder, name = stamp.rsplit("/", 1)
    assert storage.listdir(folder)[1] == [name]
    assert AuditEntry.objects.filter(action="declaration.save").count() == saves
