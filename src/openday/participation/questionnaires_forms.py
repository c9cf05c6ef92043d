"""Forms of questionnaires: the staff's settings, question and invitation forms, and the
public's answer form, built from the questions. Each turns its fields into the service's
arguments (``arguments()``); the rules themselves are the services'."""

import datetime as dt

from django import forms
from django.utils import timezone

from openday.core.forms import Form
from openday.participation.models import (
    CHOICE_KINDS,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
)
from openday.participation.personal import normalize_phone, phone_problem
from openday.participation.services.questionnaires import (
    MAX_ANSWER_TEXT,
    MAX_CHOICE,
    MAX_CHOICES,
    MAX_HELP,
    MAX_INTRO,
    MAX_INVITATIONS_AT_ONCE,
    MAX_PURPOSE,
    MAX_QUESTION,
    MAX_TITLE,
    AnswerInput,
    QuestionInput,
    QuestionnaireInput,
)

_DATETIME = "%Y-%m-%dT%H:%M"
DEFAULT_PURPOSE = (
    "本问卷不收集姓名；填写内容仅用于统计分析和改进工作，统计结果可能公开，不会公开任何个人的答卷。"
)


def _datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[_DATETIME, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME),
    )


class QuestionnaireForm(Form):
    title = forms.CharField(label="问卷标题", max_length=MAX_TITLE)
    intro = forms.CharField(
        label="问卷说明（选填）",
        max_length=MAX_INTRO,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="显示在问卷开头，例如调查的目的和大约需要的时间。",
    )
    purpose = forms.CharField(
        label="个人信息用途说明",
        max_length=MAX_PURPOSE,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=DEFAULT_PURPOSE,
        help_text="显示在问卷页面上，说明收集的信息用于什么。",
    )
    opens_at = _datetime_field("开始时间")
    closes_at = _datetime_field("截止时间")
    by_invitation = forms.BooleanField(
        label="凭邀请码填写",
        required=False,
        help_text="只有持本问卷邀请码的人可以填写；未使用的邀请码即尚未填写的名单。",
    )
    phone_check = forms.BooleanField(
        label="须验证手机号码",
        required=False,
        help_text="填写人须通过短信验证码验证手机号码，每个号码只能填写一次（需已配置短信网关）。"
        "答卷只保存号码的加密摘要。",
    )

    @classmethod
    def initial_for(cls, questionnaire: Questionnaire | None, today: dt.date) -> dict:
        if questionnaire is None:
            start = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
            return {"opens_at": start, "closes_at": start + dt.timedelta(days=30)}
        return {
            "title": questionnaire.title,
            "intro": questionnaire.intro,
            "purpose": questionnaire.purpose,
            "opens_at": timezone.localtime(questionnaire.opens_at),
            "closes_at": timezone.localtime(questionnaire.closes_at),
            "by_invitation": questionnaire.by_invitation,
            "phone_check": questionnaire.phone_check,
        }

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "data": QuestionnaireInput(
                title=data["title"],
                intro=data["intro"],
                purpose=data["purpose"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                by_invitation=data["by_invitation"],
                phone_check=data["phone_check"],
            )
        }


class QuestionnaireCreateForm(QuestionnaireForm):
    kind = forms.ChoiceField(
        label="问卷类型",
        choices=QuestionnaireKind.choices,
        initial=QuestionnaireKind.SURVEY,
        help_text="活动满意度评价每个年度一份，由政务公开办设置，所有已发布的活动报道都会链接到它。",
    )
    activity = forms.CharField(
        label="针对的活动（序号）",
        max_length=16,
        required=False,
        help_text="计划表中的序号，如 23 或联合开展的分项 23-2；留空为针对本年度活动整体。",
    )
    field_order = ["kind", "activity"]

    def __init__(self, *args, office: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not office:
            # A host unit's questionnaire is about one of its activities.
            self.fields["kind"].choices = [(QuestionnaireKind.SURVEY, "问卷调查")]
            self.fields["activity"].required = True
            self.fields["activity"].help_text = "本单位承办活动在计划表中的序号，如 23 或 23-2。"

    def arguments(self) -> dict:
        return {**super().arguments(), "kind": self.cleaned_data["kind"]}


class QuestionForm(Form):
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    text = forms.CharField(label="题目", max_length=MAX_QUESTION)
    help_text = forms.CharField(label="提示（选填）", max_length=MAX_HELP, required=False)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    choices = forms.CharField(
        label="选项（单选题、多选题填写）",
        required=False,
        max_length=MAX_CHOICES * (MAX_CHOICE + 2),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"每行一个选项，2 至 {MAX_CHOICES} 个，每个最多 {MAX_CHOICE} 个字。",
    )
    depends_on = forms.TypedChoiceField(
        label="显示条件（选填）",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="只有当填写人在前面的题目中选择了该选项时，才显示本题。",
    )

    def __init__(self, *args, conditions: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].choices = [("", "始终显示"), *conditions]

    @staticmethod
    def conditions(questions: list[Question], before: int | None = None) -> list[tuple[int, str]]:
        """The choices a question at ``before`` (None: a new last one) may depend on."""
        return [
            (choice.pk, f"第 {q.position} 题选择“{choice.text}”")
            for q in questions
            if q.kind in CHOICE_KINDS and (before is None or q.position < before)
            for choice in q.choices.all()
        ]

    @staticmethod
    def initial_for(question: Question) -> dict:
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "choices": "\n".join(c.text for c in question.choices.all()),
            "depends_on": question.depends_on_id,
        }

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "data": QuestionInput(
                kind=data["kind"],
                text=data["text"],
                help_text=data["help_text"],
                required=data["required"],
                choices=tuple(data["choices"].splitlines()),
                depends_on_id=data["depends_on"],
            )
        }


class InvitationForm(Form):
    count = forms.IntegerField(
        label="生成数量",
        min_value=1,
        max_value=MAX_INVITATIONS_AT_ONCE,
        required=False,
        help_text=f"最多 {MAX_INVITATIONS_AT_ONCE} 个；填写了发放对象时按对象人数生成。",
    )
    labels = forms.CharField(
        label="发放对象（选填）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一个，如“区人大代表 张某”或“第一社区居民代表”；"
        "未使用的邀请码即尚未填写的名单。",
    )

    def clean(self):
        data = super().clean()
        if not data.get("count") and not (data.get("labels") or "").strip():
            raise forms.ValidationError("请填写生成数量，或逐行填写发放对象。")
        return data

    def arguments(self) -> dict:
        return {
            "count": self.cleaned_data.get("count") or 0,
            "labels": tuple((self.cleaned_data.get("labels") or "").splitlines()),
        }


# --- the public's answer --------------------------------------------------------------------

RATINGS = [(str(n), f"{n} 分") for n in range(1, 6)]


def question_field(question: Question) -> forms.Field:
    """The field of one question; never required here: the service decides, as a required
    question counts only when it is shown."""
    # The page's legend shows the question itself; the label names it in the error summary
    # ("第 2 题为必答题…" says so once).
    label = f"第 {question.position} 题"
    common = {"label": label, "required": False, "help_text": question.help_text}
    # A group of options is named by its fieldset ("question-<pk>"), which the error summary
    # links to; each option's id is that plus its index.
    group = {"id": f"question-{question.pk}"}
    if question.kind == QuestionKind.SINGLE:
        choices = [(str(c.pk), c.text) for c in question.choices.all()]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect(attrs=group), **common)
    if question.kind == QuestionKind.MULTIPLE:
        choices = [(str(c.pk), c.text) for c in question.choices.all()]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple(attrs=group), **common
        )
    if question.kind == QuestionKind.RATING:
        return forms.ChoiceField(choices=RATINGS, widget=forms.RadioSelect(attrs=group), **common)
    return forms.CharField(
        max_length=MAX_ANSWER_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_ANSWER_TEXT}),
        **common,
    )


class AnswerForm(Form):
    """One field per question (``q<pk>``), then the phone and its code, or the invitation
    code, when the questionnaire asks for them."""

    def __init__(self, *args, questionnaire: Questionnaire, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = question_field(question)
        if questionnaire.by_invitation:
            self.fields["invitation"] = forms.CharField(
                label="邀请码",
                max_length=20,
                help_text="邀请函上的 8 位邀请码（不区分大小写）。",
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        if questionnaire.phone_check:
            self.fields["phone"] = forms.CharField(
                label="手机号码",
                max_length=20,
                help_text="用于确认每人只填写一次，答卷中只保存号码的加密摘要。",
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            )
            self.fields["phone_code"] = forms.CharField(
                label="短信验证码",
                max_length=6,
                required=False,
                help_text="先点击“获取验证码”，再填写收到的 6 位数字。",
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
                ),
            )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        if problem := phone_problem(value):
            raise forms.ValidationError(problem)
        return normalize_phone(value)

    def values(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def arguments(self, token: str) -> dict:
        data = self.cleaned_data
        return {
            "data": AnswerInput(
                values=self.values(),
                token=token,
                phone=data.get("phone", ""),
                phone_code=data.get("phone_code", ""),
                invitation_code=data.get("invitation", ""),
            )
        }

    def question_fields(self):
        """(question, bound field) in order, for the template."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


class PhoneCodeForm(Form):
    """The phone alone, for 获取验证码 (the rest of the answer is kept on the page)."""

    phone = forms.CharField(label="手机号码", max_length=20)

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        if problem := phone_problem(value):
            raise forms.ValidationError(problem)
        return normalize_phone(value)
