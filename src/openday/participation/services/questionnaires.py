"""Questionnaire workflows (问卷调查 / 调查征集 / 满意度评价).

- ``questionnaire_create`` / ``questionnaire_update``: the office (any questionnaire, the
  campaign's one satisfaction questionnaire included) or a host unit (about its activity)
  sets the title, intro, purpose, time window and, while a draft, whether answers need an
  invitation code or a checked phone.
- ``question_add`` / ``question_update`` / ``question_move`` / ``question_delete``: the
  builder, while the questionnaire is a draft. At most ``MAX_QUESTIONS`` questions and
  ``MAX_CHOICES`` choices; a condition ("shown only after a given answer") names a choice of
  an earlier choice question, and no move or deletion may break one.
- ``questionnaire_open`` / ``questionnaire_close``: opening freezes the questions; a closed
  questionnaire may open again while its window lasts.
- ``invitations_generate``: codes for a questionnaire by invitation, each for someone.
- ``answer_submit``: the public answers. Answers to questions whose condition is not met are
  dropped; required questions are required only when shown. One answer per browser token,
  per checked phone and per invitation code, for each questionnaire and activity — the
  unique constraints decide a race, so every accepted answer is stored once.

Audit entries name questionnaires, questions and counts, never a phone, a token or a text.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_content_changed, require_open_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors, PermissionDenied
from openday.core.scope import scope_of
from openday.orgs.selectors import administers_region
from openday.participation.models import (
    CHOICE_KINDS,
    QUESTIONNAIRE_TRANSITIONS,
    AnswerItem,
    Choice,
    InvitationCode,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireKind,
    QuestionnaireState,
)
from openday.participation.permissions import (
    QUESTIONNAIRE_REFUSED,
    may_create_questionnaire,
    runs_questionnaire,
)
from openday.participation.personal import new_code, normalize_code, normalize_phone, phone_problem
from openday.participation.questionnaires_abuse import person_digest
from openday.participation.questionnaires_phone import phone_code_check, phone_code_consume
from openday.participation.questionnaires_selectors import (
    questionnaire_refusal,
    questions_of,
    rateable_activity,
    shown_questions,
)

MAX_QUESTIONS = 50
MAX_CHOICES = 20
MAX_TITLE = 120
MAX_INTRO = 2000
MAX_PURPOSE = 500
MAX_QUESTION = 200
MAX_HELP = 300
MAX_CHOICE = 100
MAX_ANSWER_TEXT = 500
MAX_INVITATIONS = 1000
MAX_INVITATIONS_AT_ONCE = 200
MAX_LABEL = 60
ALREADY_ANSWERED = "您已提交过本问卷，每人只能填写一次。感谢您的参与！"


@dataclass(frozen=True)
class QuestionnaireInput:
    title: str
    purpose: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    intro: str = ""
    by_invitation: bool = False
    phone_check: bool = False


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    help_text: str = ""
    required: bool = True
    choices: tuple[str, ...] = ()
    depends_on_id: int | None = None


@dataclass(frozen=True)
class AnswerInput:
    """What a person sent: ``values`` by question pk (a choice's pk as text, a list of them,
    a text, a rating "1"–"5"); ``token`` the browser's."""

    values: Mapping[int, object] = field(default_factory=dict)
    token: str = ""
    phone: str = ""
    phone_code: str = ""
    invitation_code: str = ""


def _audit(action: str, *, actor, questionnaire: Questionnaire, obj=None, before=None, **after):
    audit_record(
        actor=actor,
        action=f"participation.{action}",
        obj=obj or questionnaire,
        region=questionnaire.campaign.region,
        before=before,
        after={"questionnaire": questionnaire.pk, **after},
        comment="" if actor is not None else "公众填写问卷",
    )


def _require_runs(actor, questionnaire: Questionnaire) -> None:
    if not runs_questionnaire(actor, questionnaire):
        raise PermissionDenied(QUESTIONNAIRE_REFUSED)


def _settings_problems(data: QuestionnaireInput) -> list[DomainError]:
    problems = []
    title = (data.title or "").strip()
    if not title:
        problems.append(DomainError("请填写问卷标题。", field="title"))
    elif len(title) > MAX_TITLE:
        problems.append(DomainError(f"问卷标题最多 {MAX_TITLE} 个字。", field="title"))
    if len((data.intro or "").strip()) > MAX_INTRO:
        problems.append(DomainError(f"问卷说明最多 {MAX_INTRO} 个字。", field="intro"))
    purpose = (data.purpose or "").strip()
    if not purpose:
        problems.append(
            DomainError("请填写个人信息用途说明，问卷页面会向公众展示。", field="purpose")
        )
    elif len(purpose) > MAX_PURPOSE:
        problems.append(DomainError(f"个人信息用途说明最多 {MAX_PURPOSE} 个字。", field="purpose"))
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        problems.append(DomainError("截止时间应晚于开始时间。", field="closes_at"))
    return problems


def _snapshot(questionnaire: Questionnaire) -> dict:
    return {
        "title": questionnaire.title,
        "opens_at": timezone.localtime(questionnaire.opens_at).isoformat(timespec="minutes"),
        "closes_at": timezone.localtime(questionnaire.closes_at).isoformat(timespec="minutes"),
        "by_invitation": questionnaire.by_invitation,
        "phone_check": questionnaire.phone_check,
    }


def questionnaire_create(
    *,
    actor,
    campaign: Campaign,
    data: QuestionnaireInput,
    activity: Activity | None = None,
    kind: str = QuestionnaireKind.SURVEY,
) -> Questionnaire:
    if activity is not None and activity.campaign_id != campaign.pk:
        raise DomainError("该活动不属于本年度活动。", field="activity")
    if kind not in QuestionnaireKind.values:
        raise DomainError("问卷类型无效。", field="kind")
    if kind == QuestionnaireKind.SATISFACTION:
        if not administers_region(scope_of(actor), campaign.region_id):
            raise PermissionDenied("活动满意度评价由本地区政务公开办统一设置。")
        if activity is not None:
            raise DomainError(
                "活动满意度评价面向本年度所有已发布的活动，不选择具体活动。", field="activity"
            )
    if not may_create_questionnaire(actor, campaign, activity):
        raise PermissionDenied(QUESTIONNAIRE_REFUSED)
    require_open_year(campaign, "新建问卷")
    if problems := _settings_problems(data):
        raise DomainErrors.of(problems)
    with transaction.atomic():
        if (
            kind == QuestionnaireKind.SATISFACTION
            and Questionnaire.objects.select_for_update()
            .filter(campaign=campaign, kind=kind)
            .exists()
        ):
            raise DomainError("本年度活动已有满意度评价问卷，每个年度只设一份。", field="kind")
        try:
            with transaction.atomic():
                questionnaire = Questionnaire.objects.create(
                    campaign=campaign,
                    activity=activity,
                    kind=kind,
                    title=data.title.strip(),
                    intro=(data.intro or "").strip(),
                    purpose=data.purpose.strip(),
                    opens_at=data.opens_at,
                    closes_at=data.closes_at,
                    by_invitation=data.by_invitation,
                    phone_check=data.phone_check,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError as error:
            raise DomainError(
                "本年度活动已有满意度评价问卷，每个年度只设一份。", field="kind"
            ) from error
        _audit(
            "questionnaire_create",
            actor=actor,
            questionnaire=questionnaire,
            kind=kind,
            activity=activity.ref if activity else None,
            **_snapshot(questionnaire),
        )
    return questionnaire


def questionnaire_update(
    *, actor, questionnaire: Questionnaire, data: QuestionnaireInput
) -> Questionnaire:
    """Title, intro, purpose and window at any time; who may answer only while a draft."""
    _require_runs(actor, questionnaire)
    require_open_year(questionnaire.campaign, "修改问卷")
    problems = _settings_problems(data)
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.state != QuestionnaireState.DRAFT and (
            data.by_invitation != locked.by_invitation or data.phone_check != locked.phone_check
        ):
            problems.append(
                DomainError(
                    "问卷已开放，不能再更改“凭邀请码填写”和“验证手机号码”的设置。",
                    field="by_invitation",
                )
            )
        if problems:
            raise DomainErrors.of(problems)
        before = _snapshot(locked)
        locked.title = data.title.strip()
        locked.intro = (data.intro or "").strip()
        locked.purpose = data.purpose.strip()
        locked.opens_at = data.opens_at
        locked.closes_at = data.closes_at
        locked.by_invitation = data.by_invitation
        locked.phone_check = data.phone_check
        locked.save()
        _audit(
            "questionnaire_update",
            actor=actor,
            questionnaire=locked,
            before=before,
            **_snapshot(locked),
        )
        campaign_content_changed(locked.campaign)
    return locked


def _transition(
    *, actor, questionnaire: Questionnaire, target: str, now: dt.datetime | None
) -> Questionnaire:
    _require_runs(actor, questionnaire)
    require_open_year(questionnaire.campaign, "开放或结束问卷")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if target not in QUESTIONNAIRE_TRANSITIONS[locked.state]:
            raise DomainError(
                f"问卷{locked.get_state_display()}，不能设为“{QuestionnaireState(target).label}”。"
            )
        if target == QuestionnaireState.OPEN:
            questions = list(questions_of(locked))
            if not questions:
                raise DomainError("问卷还没有题目，请先添加题目再开放。")
            if locked.closes_at <= now:
                raise DomainError("问卷的截止时间已过，请先修改截止时间再开放。", field="closes_at")
            locked.opened_at = locked.opened_at or now
        else:
            locked.closed_at = now
        before = {"state": locked.state}
        locked.state = target
        locked.save(update_fields=["state", "opened_at", "closed_at", "updated_at"])
        _audit(
            f"questionnaire_{'open' if target == QuestionnaireState.OPEN else 'close'}",
            actor=actor,
            questionnaire=locked,
            before=before,
            state=locked.state,
        )
        # The column and, for the satisfaction questionnaire, every report page link to it.
        campaign_content_changed(locked.campaign)
    return locked


def questionnaire_open(
    *, actor, questionnaire: Questionnaire, now: dt.datetime | None = None
) -> Questionnaire:
    return _transition(
        actor=actor, questionnaire=questionnaire, target=QuestionnaireState.OPEN, now=now
    )


def questionnaire_close(
    *, actor, questionnaire: Questionnaire, now: dt.datetime | None = None
) -> Questionnaire:
    return _transition(
        actor=actor, questionnaire=questionnaire, target=QuestionnaireState.CLOSED, now=now
    )


# --- the builder ----------------------------------------------------------------------------


def _lock_draft(actor, questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire's row, locked; refused unless the actor runs it and it is a draft."""
    _require_runs(actor, questionnaire)
    require_open_year(questionnaire.campaign, "修改问卷")
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.state != QuestionnaireState.DRAFT:
        raise DomainError("问卷已开放，题目不能再修改（开放即冻结题目）。")
    locked.campaign = questionnaire.campaign
    return locked


def _choice_lines(choices) -> list[str]:
    return [line.strip() for line in choices if line and line.strip()]


def _question_problems(
    data: QuestionInput, questionnaire: Questionnaire, position: int
) -> tuple[list[DomainError], list[str], Choice | None]:
    problems = []
    if data.kind not in QuestionKind.values:
        problems.append(DomainError("请选择题型。", field="kind"))
    text = (data.text or "").strip()
    if not text:
        problems.append(DomainError("请填写题目。", field="text"))
    elif len(text) > MAX_QUESTION:
        problems.append(DomainError(f"题目最多 {MAX_QUESTION} 个字。", field="text"))
    if len((data.help_text or "").strip()) > MAX_HELP:
        problems.append(DomainError(f"提示最多 {MAX_HELP} 个字。", field="help_text"))
    choices = _choice_lines(data.choices)
    if data.kind in CHOICE_KINDS:
        if len(choices) < 2:
            problems.append(DomainError("选择题至少要有 2 个选项，每行一个。", field="choices"))
        elif len(choices) > MAX_CHOICES:
            problems.append(
                DomainError(f"选项最多 {MAX_CHOICES} 个，当前 {len(choices)} 个。", field="choices")
            )
        if long := [c for c in choices if len(c) > MAX_CHOICE]:
            problems.append(
                DomainError(
                    f"每个选项最多 {MAX_CHOICE} 个字，“{long[0][:20]}…”过长。", field="choices"
                )
            )
        seen = set()
        for choice in choices:
            if choice in seen:
                problems.append(DomainError(f"选项“{choice}”重复。", field="choices"))
                break
            seen.add(choice)
    elif choices:
        problems.append(DomainError("只有单选题和多选题需要填写选项。", field="choices"))
    condition = None
    if data.depends_on_id is not None:
        condition = (
            Choice.objects.filter(pk=data.depends_on_id, question__questionnaire=questionnaire)
            .select_related("question")
            .first()
        )
        if condition is None or condition.question.kind not in CHOICE_KINDS:
            problems.append(
                DomainError("显示条件应为本问卷中某道选择题的选项。", field="depends_on")
            )
            condition = None
        elif condition.question.position >= position:
            problems.append(
                DomainError(
                    f"显示条件只能引用前面的题目"
                    f"（第 {condition.question.position} 题不在本题之前）。",
                    field="depends_on",
                )
            )
            condition = None
    return problems, choices, condition


def question_add(*, actor, questionnaire: Questionnaire, data: QuestionInput) -> Question:
    with transaction.atomic():
        locked = _lock_draft(actor, questionnaire)
        count = Question.objects.filter(questionnaire=locked).count()
        if count >= MAX_QUESTIONS:
            raise DomainError(f"每份问卷最多 {MAX_QUESTIONS} 道题。")
        position = count + 1
        problems, choices, condition = _question_problems(data, locked, position)
        if problems:
            raise DomainErrors.of(problems)
        question = Question.objects.create(
            questionnaire=locked,
            position=position,
            kind=data.kind,
            text=data.text.strip(),
            help_text=(data.help_text or "").strip(),
            required=data.required,
            depends_on=condition,
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=n, text=text)
            for n, text in enumerate(choices, start=1)
        )
        _audit(
            "question_add",
            actor=actor,
            questionnaire=locked,
            obj=question,
            position=position,
            kind=question.kind,
            choices=len(choices),
        )
    return question


def question_update(*, actor, question: Question, data: QuestionInput) -> Question:
    """Change a question; its choices are matched by position (a condition on a choice
    keeps pointing at the choice in that place), and a choice others depend on stays."""
    with transaction.atomic():
        locked = _lock_draft(actor, question.questionnaire)
        current = Question.objects.select_for_update().get(pk=question.pk)
        problems, choices, condition = _question_problems(data, locked, current.position)
        existing = list(current.choices.order_by("position"))
        if data.kind not in CHOICE_KINDS:
            choices = []
        dropped = existing[len(choices) :]
        if dropped:
            depended = Question.objects.filter(depends_on__in=dropped).order_by("position").first()
            if depended is not None:
                problems.append(
                    DomainError(
                        f"第 {depended.position} 题的显示条件引用了本题的选项"
                        f"“{depended.depends_on.text}”，请先修改第 {depended.position} 题。",
                        field="choices",
                    )
                )
        if problems:
            raise DomainErrors.of(problems)
        current.kind = data.kind
        current.text = data.text.strip()
        current.help_text = (data.help_text or "").strip()
        current.required = data.required
        current.depends_on = condition
        current.save()
        for choice, text in zip(existing, choices, strict=False):
            if choice.text != text:
                choice.text = text
                choice.save(update_fields=["text"])
        Choice.objects.filter(pk__in=[c.pk for c in dropped]).delete()
        Choice.objects.bulk_create(
            Choice(question=current, position=n, text=text)
            for n, text in enumerate(choices, start=1)
            if n > len(existing)
        )
        _audit(
            "question_update",
            actor=actor,
            questionnaire=locked,
            obj=current,
            position=current.position,
            kind=current.kind,
            choices=len(choices),
        )
    return current


def question_move(*, actor, question: Question, direction: str) -> Question:
    """Swap the question with the one above (``up``) or below (``down``)."""
    if direction not in ("up", "down"):
        raise DomainError("移动方向无效。")
    with transaction.atomic():
        locked = _lock_draft(actor, question.questionnaire)
        current = Question.objects.select_related("depends_on").get(pk=question.pk)
        step = -1 if direction == "up" else 1
        other = (
            Question.objects.filter(questionnaire=locked, position=current.position + step)
            .select_related("depends_on")
            .first()
        )
        if other is None:
            where = "第一题" if direction == "up" else "最后一题"
            raise DomainError(f"第 {current.position} 题已是{where}，不能再移动。")
        upper, lower = (other, current) if direction == "up" else (current, other)
        if lower.depends_on is not None and lower.depends_on.question_id == upper.pk:
            raise DomainError(
                f"第 {lower.position} 题的显示条件取决于第 {upper.position} 题，"
                "不能把它移到所依据的题目之前。"
            )
        a, b = current.position, other.position
        # Through 0: (questionnaire, position) is unique at every step.
        current.position = 0
        current.save(update_fields=["position"])
        other.position = a
        other.save(update_fields=["position"])
        current.position = b
        current.save(update_fields=["position", "updated_at"])
        _audit(
            "question_move",
            actor=actor,
            questionnaire=locked,
            obj=current,
            before={"position": a},
            position=b,
        )
    return current


def question_delete(*, actor, question: Question) -> None:
    with transaction.atomic():
        locked = _lock_draft(actor, question.questionnaire)
        current = Question.objects.get(pk=question.pk)
        depended = (
            Question.objects.filter(depends_on__question=current).order_by("position").first()
        )
        if depended is not None:
            raise DomainError(
                f"第 {depended.position} 题的显示条件引用了本题，请先修改或删除第 "
                f"{depended.position} 题。"
            )
        position = current.position
        _audit(
            "question_delete",
            actor=actor,
            questionnaire=locked,
            obj=current,
            position=position,
            text=current.text,
        )
        current.delete()
        # Close the gap, lowest first: each takes the place just freed above it.
        for later in Question.objects.filter(questionnaire=locked, position__gt=position).order_by(
            "position"
        ):
            later.position -= 1
            later.save(update_fields=["position"])


# --- invitations ----------------------------------------------------------------------------


def invitations_generate(
    *, actor, questionnaire: Questionnaire, count: int = 0, labels: tuple[str, ...] = ()
) -> list[InvitationCode]:
    """``count`` codes, or one per line of ``labels`` (to whom each is handed)."""
    _require_runs(actor, questionnaire)
    require_open_year(questionnaire.campaign, "生成邀请码")
    if not questionnaire.by_invitation:
        raise DomainError("该问卷不是凭邀请码填写，无需生成邀请码。")
    if questionnaire.state == QuestionnaireState.CLOSED:
        raise DomainError("问卷已结束，不能再生成邀请码。")
    names = _choice_lines(labels)
    if names:
        count = len(names)
        if long := [n for n in names if len(n) > MAX_LABEL]:
            raise DomainError(
                f"发放对象每行最多 {MAX_LABEL} 个字，“{long[0][:20]}…”过长。", field="labels"
            )
    if not 1 <= count <= MAX_INVITATIONS_AT_ONCE:
        raise DomainError(
            f"每次可生成 1 至 {MAX_INVITATIONS_AT_ONCE} 个邀请码。",
            field="labels" if names else "count",
        )
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        taken = set(
            InvitationCode.objects.filter(questionnaire=locked).values_list("code", flat=True)
        )
        if len(taken) + count > MAX_INVITATIONS:
            raise DomainError(
                f"每份问卷最多 {MAX_INVITATIONS} 个邀请码，已有 {len(taken)} 个。", field="count"
            )
        codes = []
        while len(codes) < count:
            code = new_code()
            if code not in taken:
                taken.add(code)
                codes.append(code)
        made = InvitationCode.objects.bulk_create(
            InvitationCode(questionnaire=locked, code=code, label=names[n] if names else "")
            for n, code in enumerate(codes)
        )
        _audit("invitations_generate", actor=actor, questionnaire=locked, count=count)
    return made


# --- answers --------------------------------------------------------------------------------


def _answer_activity(questionnaire: Questionnaire, activity: Activity | None) -> Activity | None:
    if questionnaire.is_satisfaction:
        if activity is None:
            raise DomainError("请从活动报道页面进入满意度评价，评价针对一项具体活动。")
        found = rateable_activity(questionnaire.campaign, activity.ref)
        if found is None or found.pk != activity.pk:
            raise DomainError("只能评价本年度已发布报道的活动。")
        return activity
    if activity is not None and activity.pk != questionnaire.activity_id:
        raise DomainError("该问卷不是针对这项活动的。")
    return questionnaire.activity


def _one(value) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if len(value) == 1 else ("" if not value else None)
        if value is None:
            return "\x00many"
    return "" if value is None else str(value).strip()


def _read_values(
    questions: list[Question], values: Mapping[int, object]
) -> tuple[list[AnswerItem], list[DomainError]]:
    """The items of an answer and the problems, question by question. Questions not shown
    (their condition unmet) are skipped whatever was sent for them."""
    shown = shown_questions(questions, values)
    items, problems = [], []
    for question in questions:
        if question.pk not in shown:
            continue
        name = f"q{question.pk}"
        label = f"第 {question.position} 题"
        raw = values.get(question.pk)
        if question.kind in CHOICE_KINDS:
            picked = (
                raw if isinstance(raw, list | tuple) else ([raw] if raw not in (None, "") else [])
            )
            picked = [str(p).strip() for p in picked if str(p).strip()]
            if question.kind == QuestionKind.SINGLE and len(picked) > 1:
                problems.append(DomainError(f"{label}是单选题，只能选择一项。", field=name))
                continue
            if not picked:
                if question.required:
                    what = "选择一项" if question.kind == QuestionKind.SINGLE else "至少选择一项"
                    problems.append(DomainError(f"{label}为必答题，请{what}。", field=name))
                continue
            known = {str(c.pk): c for c in question.choices.all()}
            if any(p not in known for p in picked) or len(set(picked)) != len(picked):
                problems.append(DomainError(f"{label}的选项无效，请重新选择。", field=name))
                continue
            items += [AnswerItem(question=question, choice=known[p]) for p in picked]
        elif question.kind == QuestionKind.RATING:
            value = _one(raw)
            if not value:
                if question.required:
                    problems.append(DomainError(f"{label}为必答题，请选择 1–5 分。", field=name))
                continue
            if value not in {"1", "2", "3", "4", "5"}:
                problems.append(DomainError(f"{label}的评分应为 1 至 5 分。", field=name))
                continue
            items.append(AnswerItem(question=question, rating=int(value)))
        else:
            text = _one(raw)
            if text == "\x00many":
                problems.append(DomainError(f"{label}的填写内容无效。", field=name))
                continue
            if not text:
                if question.required:
                    problems.append(DomainError(f"{label}为必答题，请填写。", field=name))
                continue
            if len(text) > MAX_ANSWER_TEXT:
                problems.append(
                    DomainError(
                        f"{label}最多填写 {MAX_ANSWER_TEXT} 个字，当前 {len(text)} 个字。",
                        field=name,
                    )
                )
                continue
            items.append(AnswerItem(question=question, text=text))
    return items, problems


def answer_submit(
    *,
    questionnaire: Questionnaire,
    data: AnswerInput,
    activity: Activity | None = None,
    now: dt.datetime | None = None,
) -> QuestionnaireAnswer:
    now = now or timezone.now()
    if refusal := questionnaire_refusal(questionnaire, now):
        raise DomainError(refusal)
    activity = _answer_activity(questionnaire, activity)
    token = data.token or ""
    if not token or len(token) > 64:
        raise DomainError("无法识别本次填写：请允许浏览器保存 Cookie，刷新页面后重新填写。")
    questions = list(questions_of(questionnaire))
    items, problems = _read_values(questions, data.values)
    phone = ""
    if questionnaire.phone_check:
        if problem := phone_problem(data.phone):
            problems.append(DomainError(problem, field="phone"))
        else:
            phone = normalize_phone(data.phone)
            code = (data.phone_code or "").strip()
            if not code:
                problems.append(DomainError("请填写短信验证码。", field="phone_code"))
            elif problem := phone_code_check(questionnaire=questionnaire, phone=phone, code=code):
                problems.append(DomainError(problem, field="phone_code"))
    invitation_code = normalize_code(data.invitation_code)
    if questionnaire.by_invitation and not invitation_code:
        problems.append(DomainError("本问卷凭邀请码填写，请填写邀请码。", field="invitation"))
    if problems:
        raise DomainErrors.of(problems)
    token_hash = person_digest(questionnaire.pk, "token", token)
    phone_hash = person_digest(questionnaire.pk, "phone", phone) if phone else ""
    with transaction.atomic():
        answered = QuestionnaireAnswer.objects.filter(
            questionnaire=questionnaire, activity=activity
        )
        if answered.filter(token_hash=token_hash).exists():
            raise DomainError(ALREADY_ANSWERED)
        if phone_hash and answered.filter(phone_hash=phone_hash).exists():
            raise DomainError("该手机号码已提交过本问卷，每人只能填写一次。", field="phone")
        invitation = None
        if questionnaire.by_invitation:
            invitation = (
                InvitationCode.objects.select_for_update()
                .filter(questionnaire=questionnaire, code=invitation_code[:16])
                .first()
            )
            if invitation is None:
                raise DomainError(
                    f"邀请码“{invitation_code[:16]}”不是本问卷的邀请码，请核对。",
                    field="invitation",
                )
            if invitation.used_at is not None:
                raise DomainError(
                    f"邀请码“{invitation.code}”已经使用过，每个邀请码只能填写一次。",
                    field="invitation",
                )
            invitation.used_at = now
            invitation.save(update_fields=["used_at", "updated_at"])
        try:
            with transaction.atomic():
                answer = QuestionnaireAnswer.objects.create(
                    questionnaire=questionnaire,
                    activity=activity,
                    token_hash=token_hash,
                    phone_hash=phone_hash,
                    invitation=invitation,
                )
        except IntegrityError as error:
            # A twin request won the race: the same browser, phone or code.
            raise DomainError(ALREADY_ANSWERED) from error
        for item in items:
            item.answer = answer
        AnswerItem.objects.bulk_create(items)
        _audit(
            "answer_submit",
            actor=None,
            questionnaire=questionnaire,
            obj=answer,
            activity=activity.ref if activity else None,
            items=len(items),
        )
    if phone:
        phone_code_consume(questionnaire=questionnaire, phone=phone)
    return answer
