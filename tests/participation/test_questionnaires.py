"""Questionnaire services: the builder (sizes, order, conditions, freezing), opening and
closing, invitation codes, the phone check, answers (conditions, required questions, one per
person), satisfaction per activity, results and counts — and every refusal."""

import datetime as dt

import pytest

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.participation import questionnaires_phone
from openday.participation.models import (
    AnswerItem,
    Choice,
    InvitationCode,
    Question,
    QuestionnaireAnswer,
    QuestionnaireKind,
    QuestionnaireState,
)
from openday.participation.questionnaires_abuse import person_digest
from openday.participation.questionnaires_selectors import questionnaire_results
from openday.participation.selectors import answer_counts, answers_for_activity
from openday.participation.services import (
    AnswerInput,
    QuestionInput,
    QuestionnaireInput,
    answer_submit,
    invitations_generate,
    question_add,
    question_delete,
    question_move,
    question_update,
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
    questionnaire_update,
)
from openday.participation.services.questionnaires import ALREADY_ANSWERED
from tests.factories import ActivityFactory, ActivityHostFactory
from tests.participation.conftest import NOW

pytestmark = pytest.mark.django_db

PURPOSE = "不收集姓名，答卷仅用于统计。"


def settings_input(**more) -> QuestionnaireInput:
    values = {
        "title": "社保政策宣讲效果调查",
        "purpose": PURPOSE,
        "opens_at": NOW - dt.timedelta(days=1),
        "closes_at": NOW + dt.timedelta(days=10),
        **more,
    }
    return QuestionnaireInput(**values)


def single(text="您是否参加过现场活动？", choices=("是", "否"), **more) -> QuestionInput:
    return QuestionInput(kind="single", text=text, choices=tuple(choices), **more)


def build_survey(place, *, actor=None, activity=None, open_it=True, **more):
    """A questionnaire with: 1 single (是/否), 2 text shown only after 1=是 (required),
    3 multiple (optional), 4 rating (required)."""
    actor = actor or place.admin
    questionnaire = questionnaire_create(
        actor=actor, campaign=place.campaign, activity=activity, data=settings_input(**more)
    )
    q1 = question_add(actor=actor, questionnaire=questionnaire, data=single())
    yes = q1.choices.get(text="是")
    q2 = question_add(
        actor=actor,
        questionnaire=questionnaire,
        data=QuestionInput(kind="text", text="您印象最深的内容是什么？", depends_on_id=yes.pk),
    )
    q3 = question_add(
        actor=actor,
        questionnaire=questionnaire,
        data=QuestionInput(
            kind="multiple",
            text="您通过哪些渠道了解到本次活动？",
            choices=("政府网站", "微信公众号", "社区通知"),
            required=False,
        ),
    )
    q4 = question_add(
        actor=actor,
        questionnaire=questionnaire,
        data=QuestionInput(kind="rating", text="总体满意度"),
    )
    if open_it:
        questionnaire = questionnaire_open(actor=actor, questionnaire=questionnaire, now=NOW)
    return questionnaire, (q1, q2, q3, q4)


def choice(question, text) -> str:
    return str(question.choices.get(text=text).pk)


def answer(questionnaire, values, token="browser-1", **more):  # noqa: S107
    return answer_submit(
        questionnaire=questionnaire,
        data=AnswerInput(values=values, token=token, **more),
        now=NOW,
    )


def published(place, seq=3, title="医保政策解读"):
    """A published activity of the campaign (set as a row: the lifecycle is not the point)."""
    activity = ActivityFactory(
        campaign=place.campaign, seq=seq, title=title, state=ActivityState.PUBLISHED
    )
    ActivityHostFactory(activity=activity, unit=place.unit_a1, text=place.unit_a1.name)
    return Activity.objects.select_related("campaign__region").get(pk=activity.pk)


# --- the builder ----------------------------------------------------------------------------


def test_the_office_builds_a_questionnaire_in_order_with_a_condition(place):
    questionnaire, (_q1, q2, q3, _q4) = build_survey(place, open_it=False)
    assert questionnaire.state == QuestionnaireState.DRAFT
    assert list(
        Question.objects.filter(questionnaire=questionnaire).values_list("position", "kind")
    ) == [(1, "single"), (2, "text"), (3, "multiple"), (4, "rating")]
    assert [c.text for c in q3.choices.all()] == ["政府网站", "微信公众号", "社区通知"]
    assert q2.depends_on.text == "是"
    actions = list(
        AuditEntry.objects.filter(action__startswith="participation.q")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["participation.questionnaire_create"] + ["participation.question_add"] * 4


def test_a_liaison_builds_one_for_their_own_activity_only(place):
    own = questionnaire_create(
        actor=place.liaison_a1,
        campaign=place.campaign,
        activity=place.activity_1,
        data=settings_input(),
    )
    assert own.activity == place.activity_1
    with pytest.raises(PermissionDenied):
        questionnaire_create(
            actor=place.liaison_a1,
            campaign=place.campaign,
            activity=place.activity_2,
            data=settings_input(),
        )
    with pytest.raises(PermissionDenied):
        questionnaire_create(actor=place.liaison_a1, campaign=place.campaign, data=settings_input())
    with pytest.raises(PermissionDenied):
        questionnaire_create(actor=place.viewer, campaign=place.campaign, data=settings_input())


def test_only_the_office_sets_the_one_satisfaction_questionnaire_of_a_year(place):
    with pytest.raises(PermissionDenied):
        questionnaire_create(
            actor=place.liaison_a1,
            campaign=place.campaign,
            data=settings_input(),
            kind=QuestionnaireKind.SATISFACTION,
        )
    questionnaire_create(
        actor=place.admin,
        campaign=place.campaign,
        data=settings_input(),
        kind=QuestionnaireKind.SATISFACTION,
    )
    with pytest.raises(DomainError, match="已有满意度评价问卷"):
        questionnaire_create(
            actor=place.admin,
            campaign=place.campaign,
            data=settings_input(title="另一份"),
            kind=QuestionnaireKind.SATISFACTION,
        )


def test_bad_settings_are_refused_all_at_once(place):
    with pytest.raises(DomainError) as caught:
        questionnaire_create(
            actor=place.admin,
            campaign=place.campaign,
            data=settings_input(title=" ", purpose="", closes_at=NOW - dt.timedelta(days=2)),
        )
    assert {e.field for e in caught.value.errors} == {"title", "purpose", "closes_at"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (single(choices=("只有一个",)), "choices", "至少要有 2 个选项"),
        (single(choices=[f"选项{n}" for n in range(21)]), "choices", "选项最多 20 个"),
        (single(choices=("是", "是")), "choices", "选项“是”重复"),
        (single(choices=("是", "长" * 101)), "choices", "每个选项最多 100 个字"),
        (single(text="题" * 201), "text", "题目最多 200 个字"),
        (QuestionInput(kind="text", text="建议", choices=("a", "b")), "choices", "只有单选题"),
        (QuestionInput(kind="essay", text="建议"), "kind", "请选择题型"),
    ],
)
def test_a_bad_question_is_refused_with_its_field(place, data, field, message):
    questionnaire, _ = build_survey(place, open_it=False)
    with pytest.raises(DomainError) as caught:
        question_add(actor=place.admin, questionnaire=questionnaire, data=data)
    problems = getattr(caught.value, "errors", None) or [caught.value]
    assert any(p.field == field and message in p.message for p in problems)
    assert questionnaire.questions.count() == 4


def test_a_questionnaire_holds_at_most_50_questions(place):
    questionnaire, _ = build_survey(place, open_it=False)
    for n in range(46):
        question_add(
            actor=place.admin,
            questionnaire=questionnaire,
            data=QuestionInput(kind="rating", text=f"第{n}项评分"),
        )
    with pytest.raises(DomainError, match="最多 50 道题"):
        question_add(
            actor=place.admin, questionnaire=questionnaire, data=QuestionInput("rating", "多余")
        )
    assert questionnaire.questions.count() == 50


def test_a_condition_must_name_an_earlier_choice_question_of_the_same_questionnaire(place):
    questionnaire, (q1, _q2, q3, _q4) = build_survey(place, open_it=False)
    _other, (o1, *_) = build_survey(place, open_it=False)
    with pytest.raises(DomainError, match="显示条件应为本问卷"):
        question_add(
            actor=place.admin,
            questionnaire=questionnaire,
            data=QuestionInput("rating", "评分", depends_on_id=int(choice(o1, "是"))),
        )
    # Question 3's choice cannot condition question 1 (it comes after it).
    with pytest.raises(DomainError, match="只能引用前面的题目"):
        question_update(
            actor=place.admin,
            question=q1,
            data=single(depends_on_id=int(choice(q3, "政府网站"))),
        )


def test_moving_swaps_with_the_neighbour_and_never_above_the_question_depended_on(place):
    questionnaire, (q1, q2, q3, q4) = build_survey(place, open_it=False)
    question_move(actor=place.admin, question=q4, direction="up")
    assert list(questionnaire.questions.order_by("position").values_list("pk", flat=True)) == [
        q1.pk,
        q2.pk,
        q4.pk,
        q3.pk,
    ]
    with pytest.raises(DomainError, match="第 2 题的显示条件取决于第 1 题"):
        question_move(actor=place.admin, question=q2, direction="up")
    with pytest.raises(DomainError, match="第 2 题的显示条件取决于第 1 题"):
        question_move(actor=place.admin, question=q1, direction="down")
    with pytest.raises(DomainError, match="已是第一题"):
        question_move(actor=place.admin, question=q1, direction="up")
    with pytest.raises(DomainError, match="已是最后一题"):
        question_move(actor=place.admin, question=Question.objects.get(pk=q3.pk), direction="down")


def test_deleting_closes_the_gap_and_is_refused_while_another_depends_on_it(place):
    questionnaire, (q1, q2, q3, q4) = build_survey(place, open_it=False)
    with pytest.raises(DomainError, match="第 2 题的显示条件引用了本题"):
        question_delete(actor=place.admin, question=q1)
    question_delete(actor=place.admin, question=q3)
    assert list(questionnaire.questions.order_by("position").values_list("pk", "position")) == [
        (q1.pk, 1),
        (q2.pk, 2),
        (q4.pk, 3),
    ]


def test_editing_choices_keeps_them_by_position_and_keeps_those_depended_on(place):
    _questionnaire, (q1, _q2, _q3, _q4) = build_survey(place, open_it=False)
    yes = q1.choices.get(text="是")
    question_update(
        actor=place.admin, question=q1, data=single(choices=("参加过", "没有", "不确定"))
    )
    assert q1.choices.order_by("position").values_list("pk", "text").first() == (yes.pk, "参加过")
    assert q1.choices.count() == 3
    # Dropping the first choice would leave question 2 without its condition.
    with pytest.raises(DomainError, match="第 2 题的显示条件引用了本题的选项"):
        question_update(actor=place.admin, question=q1, data=QuestionInput("text", "改为填空"))
    assert Question.objects.get(pk=q1.pk).kind == "single"


def test_opening_freezes_the_questions(place):
    questionnaire, (q1, *_) = build_survey(place)
    assert questionnaire.state == QuestionnaireState.OPEN
    for attempt in (
        lambda: question_add(actor=place.admin, questionnaire=questionnaire, data=single()),
        lambda: question_update(actor=place.admin, question=q1, data=single(text="改")),
        lambda: question_move(actor=place.admin, question=q1, direction="down"),
        lambda: question_delete(actor=place.admin, question=q1),
    ):
        with pytest.raises(DomainError, match="题目不能再修改"):
            attempt()
    with pytest.raises(DomainError, match="不能再更改"):
        questionnaire_update(
            actor=place.admin, questionnaire=questionnaire, data=settings_input(phone_check=True)
        )
    changed = questionnaire_update(
        actor=place.admin, questionnaire=questionnaire, data=settings_input(title="新标题")
    )
    assert changed.title == "新标题"


def test_opening_needs_questions_and_a_window_not_yet_passed(place):
    empty = questionnaire_create(actor=place.admin, campaign=place.campaign, data=settings_input())
    with pytest.raises(DomainError, match="还没有题目"):
        questionnaire_open(actor=place.admin, questionnaire=empty, now=NOW)
    questionnaire, _ = build_survey(place, open_it=False)
    with pytest.raises(DomainError, match="截止时间已过"):
        questionnaire_open(
            actor=place.admin, questionnaire=questionnaire, now=NOW + dt.timedelta(days=11)
        )


def test_closing_and_opening_again(place):
    questionnaire, _ = build_survey(place)
    closed = questionnaire_close(actor=place.admin, questionnaire=questionnaire, now=NOW)
    assert closed.state == QuestionnaireState.CLOSED
    with pytest.raises(DomainError, match="该问卷已结束"):
        answer(closed, {})
    again = questionnaire_open(actor=place.admin, questionnaire=closed, now=NOW)
    assert again.state == QuestionnaireState.OPEN
    with pytest.raises(DomainError, match="不能设为“已开放”"):
        questionnaire_open(actor=place.admin, questionnaire=again, now=NOW)


def test_a_viewer_and_another_units_liaison_run_nothing(place):
    questionnaire, (*_, q4) = build_survey(place, activity=place.activity_1, open_it=False)
    for actor in (place.viewer, place.liaison_a2):
        with pytest.raises(PermissionDenied):
            question_add(actor=actor, questionnaire=questionnaire, data=single())
        with pytest.raises(PermissionDenied):
            questionnaire_open(actor=actor, questionnaire=questionnaire, now=NOW)
        with pytest.raises(PermissionDenied):
            question_move(actor=actor, question=q4, direction="up")
    # The host's liaison runs it.
    assert question_move(actor=place.liaison_a1, question=q4, direction="up").position == 3


# --- answers --------------------------------------------------------------------------------


def test_an_answer_is_stored_item_by_item(place):
    questionnaire, (q1, q2, q3, q4) = build_survey(place)
    stored = answer(
        questionnaire,
        {
            q1.pk: choice(q1, "是"),
            q2.pk: "  讲解很清楚  ",
            q3.pk: [choice(q3, "政府网站"), choice(q3, "社区通知")],
            q4.pk: "5",
        },
    )
    items = {
        (item.question_id, item.choice_id, item.text, item.rating)
        for item in AnswerItem.objects.filter(answer=stored)
    }
    assert items == {
        (q1.pk, int(choice(q1, "是")), "", None),
        (q2.pk, None, "讲解很清楚", None),
        (q3.pk, int(choice(q3, "政府网站")), "", None),
        (q3.pk, int(choice(q3, "社区通知")), "", None),
        (q4.pk, None, "", 5),
    }
    assert stored.token_hash == person_digest(questionnaire.pk, "token", "browser-1")
    assert "browser-1" not in stored.token_hash
    entry = AuditEntry.objects.get(action="participation.answer_submit")
    assert entry.after == {"questionnaire": questionnaire.pk, "activity": None, "items": 5}


def test_a_question_whose_condition_is_unmet_is_neither_required_nor_kept(place):
    questionnaire, (q1, q2, _q3, q4) = build_survey(place)
    stored = answer(
        questionnaire,
        # Question 2 answered although 1 was "否" (JavaScript off): dropped, not refused.
        {q1.pk: choice(q1, "否"), q2.pk: "不该保存", q4.pk: "3"},
    )
    assert set(stored.items.values_list("question_id", flat=True)) == {q1.pk, q4.pk}


def test_required_questions_count_only_when_shown(place):
    questionnaire, (q1, q2, _q3, q4) = build_survey(place)
    with pytest.raises(DomainError) as caught:
        answer(questionnaire, {q1.pk: choice(q1, "是")})
    assert {(e.field, e.message) for e in caught.value.errors} == {
        (f"q{q2.pk}", "第 2 题为必答题，请填写。"),
        (f"q{q4.pk}", "第 4 题为必答题，请选择 1–5 分。"),
    }
    assert not QuestionnaireAnswer.objects.exists()


@pytest.mark.parametrize(
    ("which", "value", "message"),
    [
        (0, "999999", "第 1 题的选项无效"),
        (0, ["x", "y"], "第 1 题是单选题，只能选择一项"),
        (3, "6", "第 4 题的评分应为 1 至 5 分"),
        (3, "0", "第 4 题的评分应为 1 至 5 分"),
        (2, ["1", "1"], "第 3 题的选项无效"),
    ],
)
def test_a_tampered_answer_is_refused_and_nothing_is_stored(place, which, value, message):
    questionnaire, questions = build_survey(place)
    q1, _q2, _q3, q4 = questions
    values = {q1.pk: choice(q1, "否"), q4.pk: "4", questions[which].pk: value}
    with pytest.raises(DomainError, match=message):
        answer(questionnaire, values)
    assert not QuestionnaireAnswer.objects.exists()
    assert not AnswerItem.objects.exists()


def test_a_text_answer_is_bounded(place):
    questionnaire, (q1, q2, _q3, q4) = build_survey(place)
    with pytest.raises(DomainError, match="第 2 题最多填写 500 个字，当前 501 个字"):
        answer(questionnaire, {q1.pk: choice(q1, "是"), q2.pk: "字" * 501, q4.pk: "4"})


def test_one_answer_per_browser(place):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place)
    values = {q1.pk: choice(q1, "否"), q4.pk: "4"}
    answer(questionnaire, values, token="same")
    with pytest.raises(DomainError, match=ALREADY_ANSWERED):
        answer(questionnaire, values, token="same")
    answer(questionnaire, values, token="other")
    assert QuestionnaireAnswer.objects.count() == 2


@pytest.mark.parametrize("token", ["", "x" * 65])
def test_an_answer_without_a_usable_token_is_refused(place, token):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place)
    with pytest.raises(DomainError, match="Cookie"):
        answer(questionnaire, {q1.pk: choice(q1, "否"), q4.pk: "4"}, token=token)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (NOW - dt.timedelta(days=2), "尚未开始"),
        (NOW + dt.timedelta(days=10), "已结束"),
    ],
)
def test_answers_only_within_the_window(place, when, message):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place)
    with pytest.raises(DomainError, match=message):
        answer_submit(
            questionnaire=questionnaire,
            data=AnswerInput(values={q1.pk: choice(q1, "否"), q4.pk: "4"}, token="t"),
            now=when,
        )


def test_a_draft_takes_no_answer(place):
    questionnaire, (q1, *_) = build_survey(place, open_it=False)
    with pytest.raises(DomainError, match="尚未开放"):
        answer(questionnaire, {q1.pk: choice(q1, "否")})


# --- invitations ----------------------------------------------------------------------------


def test_invitation_codes_are_used_once_each_and_the_unused_ones_are_who_has_not_answered(place):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place, open_it=False, by_invitation=True)
    codes = invitations_generate(
        actor=place.admin,
        questionnaire=questionnaire,
        labels=("人大代表 张某", "", "政协委员 李某"),
    )
    assert [c.label for c in codes] == ["人大代表 张某", "政协委员 李某"]
    questionnaire = questionnaire_open(actor=place.admin, questionnaire=questionnaire, now=NOW)
    values = {q1.pk: choice(q1, "否"), q4.pk: "4"}
    with pytest.raises(DomainError, match="请填写邀请码"):
        answer(questionnaire, values)
    with pytest.raises(DomainError, match="不是本问卷的邀请码"):
        answer(questionnaire, values, invitation_code="ZZZZZZZZ")
    stored = answer(questionnaire, values, invitation_code=codes[0].code.lower())
    assert stored.invitation == codes[0]
    with pytest.raises(DomainError, match="已经使用过"):
        answer(questionnaire, values, token="another", invitation_code=codes[0].code)
    unused = InvitationCode.objects.filter(questionnaire=questionnaire, used_at__isnull=True)
    assert [c.label for c in unused] == ["政协委员 李某"]


def test_invitations_are_for_questionnaires_by_invitation_and_bounded(place):
    plain, _ = build_survey(place, open_it=False)
    with pytest.raises(DomainError, match="不是凭邀请码填写"):
        invitations_generate(actor=place.admin, questionnaire=plain, count=3)
    invited, _ = build_survey(place, open_it=False, by_invitation=True)
    with pytest.raises(DomainError, match="每次可生成 1 至 200 个"):
        invitations_generate(actor=place.admin, questionnaire=invited, count=201)
    with pytest.raises(PermissionDenied):
        invitations_generate(actor=place.viewer, questionnaire=invited, count=3)
    made = invitations_generate(actor=place.admin, questionnaire=invited, count=30)
    assert len({c.code for c in made}) == 30


# --- the phone check ------------------------------------------------------------------------


@pytest.fixture
def sms(monkeypatch):
    """Senders replaced by one that keeps what it was given (the network is not called)."""
    sent = []

    def sender(message):
        sent.append(message)
        return True

    monkeypatch.setattr(questionnaires_phone, "_senders", [sender])
    return sent


def _code_in(message) -> str:
    return message.text.split("验证码 ")[1][:6]


def test_a_phone_checked_questionnaire_takes_one_answer_per_phone(place, sms):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place, phone_check=True)
    values = {q1.pk: choice(q1, "否"), q4.pk: "4"}
    questionnaires_phone.phone_code_issue(questionnaire=questionnaire, phone="13800001234")
    assert (sms[0].phone, sms[0].region_id) == ("13800001234", place.region.pk)
    code = _code_in(sms[0])
    with pytest.raises(DomainError, match="验证码不正确，还可以再试 4 次"):
        answer(
            questionnaire,
            values,
            phone="13800001234",
            phone_code="000000" if code != "000000" else "111111",
        )
    stored = answer(questionnaire, values, phone="138 0000 1234", phone_code=code)
    assert stored.phone_hash == person_digest(questionnaire.pk, "phone", "13800001234")
    # Used once: a second browser with the same phone is refused, even with a new code.
    questionnaires_phone.phone_code_issue(questionnaire=questionnaire, phone="13800001234")
    with pytest.raises(DomainError, match="该手机号码已提交过本问卷"):
        answer(questionnaire, values, token="b2", phone="13800001234", phone_code=_code_in(sms[1]))
    assert QuestionnaireAnswer.objects.count() == 1


def test_a_consumed_code_is_void_and_five_wrong_tries_void_a_code(place, sms):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place, phone_check=True)
    values = {q1.pk: choice(q1, "否"), q4.pk: "4"}
    with pytest.raises(DomainError, match="验证码已失效或尚未获取"):
        answer(questionnaire, values, phone="13800001234", phone_code="123456")
    questionnaires_phone.phone_code_issue(questionnaire=questionnaire, phone="13800001234")
    wrong = "999999" if _code_in(sms[0]) != "999999" else "888888"
    for _ in range(5):
        with pytest.raises(DomainError, match="验证码不正确"):
            answer(questionnaire, values, phone="13800001234", phone_code=wrong)
    with pytest.raises(DomainError, match="输错次数过多"):
        answer(questionnaire, values, phone="13800001234", phone_code=_code_in(sms[0]))


def test_a_code_not_sent_is_a_refusal(place, monkeypatch):
    questionnaire, _ = build_survey(place, phone_check=True)
    monkeypatch.setattr(questionnaires_phone, "_senders", [lambda message: False])
    with pytest.raises(DomainError, match="验证码短信发送失败"):
        questionnaires_phone.phone_code_issue(questionnaire=questionnaire, phone="13800001234")

    def broken(message):
        raise OSError("gateway down")

    monkeypatch.setattr(questionnaires_phone, "_senders", [broken])
    with pytest.raises(DomainError, match="验证码短信发送失败"):
        questionnaires_phone.phone_code_issue(questionnaire=questionnaire, phone="13800001234")


# --- satisfaction, results and counts -------------------------------------------------------


@pytest.fixture
def satisfaction(place):
    questionnaire = questionnaire_create(
        actor=place.admin,
        campaign=place.campaign,
        data=settings_input(title="活动满意度评价"),
        kind=QuestionnaireKind.SATISFACTION,
    )
    rating = question_add(
        actor=place.admin, questionnaire=questionnaire, data=QuestionInput("rating", "总体满意度")
    )
    questionnaire = questionnaire_open(actor=place.admin, questionnaire=questionnaire, now=NOW)
    return questionnaire, rating


def test_satisfaction_answers_rate_one_published_activity_each(place, satisfaction):
    questionnaire, rating = satisfaction
    first, second = published(place, 3), published(place, 4, "就业政策宣讲")
    for activity in (first, second):
        answer_submit(
            questionnaire=questionnaire,
            activity=activity,
            data=AnswerInput(values={rating.pk: "5"}, token="same-browser"),
            now=NOW,
        )
    with pytest.raises(DomainError, match=ALREADY_ANSWERED):
        answer_submit(
            questionnaire=questionnaire,
            activity=first,
            data=AnswerInput(values={rating.pk: "4"}, token="same-browser"),
            now=NOW,
        )
    with pytest.raises(DomainError, match="只能评价本年度已发布报道的活动"):
        answer_submit(
            questionnaire=questionnaire,
            activity=place.activity_1,
            data=AnswerInput(values={rating.pk: "4"}, token="t"),
            now=NOW,
        )
    with pytest.raises(DomainError, match="请从活动报道页面进入"):
        answer(questionnaire, {rating.pk: "4"})
    assert (answers_for_activity(first), answers_for_activity(second)) == (1, 1)


def test_answer_counts_per_activity_and_unit(place, satisfaction):
    questionnaire, rating = satisfaction
    rated = published(place, 3)
    survey, (q1, _q2, _q3, q4) = build_survey(place, activity=place.activity_2)
    campaign_wide, (c1, *_, c4) = build_survey(place)
    for n in range(3):
        answer(survey, {q1.pk: choice(q1, "否"), q4.pk: "3"}, token=f"s{n}")
    answer(campaign_wide, {c1.pk: choice(c1, "否"), c4.pk: "3"})
    answer_submit(
        questionnaire=questionnaire,
        activity=rated,
        data=AnswerInput(values={rating.pk: "5"}, token="r"),
        now=NOW,
    )
    counts = answer_counts(place.campaign)
    assert counts.total == 5
    assert counts.campaign_wide == 1
    assert counts.by_activity == {place.activity_2.pk: 3, rated.pk: 1}
    assert counts.by_unit == {place.unit_a2.pk: 3, place.unit_a1.pk: 1}
    assert answers_for_activity(place.activity_2) == 3
    assert answers_for_activity(place.activity_1) == 0


def test_results_count_choices_ratings_and_list_texts(place):
    questionnaire, (q1, q2, q3, q4) = build_survey(place)
    rows = [
        ({q1.pk: choice(q1, "是"), q2.pk: "很好", q3.pk: [choice(q3, "政府网站")], q4.pk: "5"}),
        ({q1.pk: choice(q1, "是"), q2.pk: "一般", q4.pk: "4"}),
        (
            {
                q1.pk: choice(q1, "否"),
                q3.pk: [choice(q3, "政府网站"), choice(q3, "社区通知")],
                q4.pk: "4",
            }
        ),
        ({q1.pk: choice(q1, "否"), q4.pk: "2"}),
    ]
    for n, values in enumerate(rows):
        answer(questionnaire, values, token=f"t{n}")
    total, results = questionnaire_results(questionnaire)
    assert total == 4
    r1, r2, r3, r4 = results
    assert [(c.text, c.count, c.percent) for c in r1.choices] == [("是", 2, 50.0), ("否", 2, 50.0)]
    assert r2.answered == 2
    assert sorted(r2.texts) == ["一般", "很好"]
    # Percentages of those who answered question 3 (two people), so they add past 100.
    assert [(c.text, c.count, c.percent) for c in r3.choices] == [
        ("政府网站", 2, 100.0),
        ("微信公众号", 0, 0.0),
        ("社区通知", 1, 50.0),
    ]
    assert [(c.count, c.percent) for c in r4.ratings] == [
        (0, 0.0),
        (1, 25.0),
        (0, 0.0),
        (2, 50.0),
        (1, 25.0),
    ]
    assert r4.average == 3.75
    assert Choice.objects.filter(question=q3).count() == 3
