"""What the public leaves: sign-ups (报名) for an activity, opinions (意见征集) with the
office's or the host's reply (回应), and how long their personal data is kept.

Personal fields (name, phone, email) are blanked by ``purge_expired_personal_data`` once the
campaign has been closed longer than its retention; ``purged_at`` says it happened. Nothing
personal goes into the audit log, so the purge leaves no copy behind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from openday.activities.enums import ReportGroup
from openday.core.models import TimeStampedModel
from openday.participation.enums import OpinionState, SignupState

DEFAULT_RETENTION_DAYS = 180


class SignupSettings(TimeStampedModel):
    """Whether and how an activity takes sign-ups. The row is also the lock every sign-up,
    cancellation and promotion of the activity takes (``select_for_update``), so concurrent
    requests never confirm more people than ``capacity``."""

    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="signup_settings",
    )
    enabled = models.BooleanField("开放在线报名", default=False)
    capacity = models.PositiveIntegerField("名额（人）")
    waitlist_size = models.PositiveIntegerField("候补名额（人）", default=0)
    deadline = models.DateTimeField("报名截止时间")
    purpose = models.TextField("个人信息用途说明")
    ask_email = models.BooleanField("请报名人填写电子邮箱（选填）", default=False)

    class Meta:
        verbose_name = "报名设置"
        verbose_name_plural = "报名设置"

    def __str__(self) -> str:
        return f"{self.activity}（报名设置）"


class Signup(TimeStampedModel):
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="signups",
    )
    code = models.CharField("确认码", max_length=8, unique=True)
    # The cancel link's secret, as its SHA-256: the link is shown once, never stored.
    cancel_token_hash = models.CharField("取消凭据摘要", max_length=64, unique=True)
    state = models.CharField("状态", max_length=12, choices=SignupState.choices)
    name = models.CharField("姓名", max_length=40, blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    group = models.CharField("身份类别", max_length=16, choices=ReportGroup.choices)
    party_size = models.PositiveSmallIntegerField("人数")
    email = models.EmailField("电子邮箱", max_length=120, blank=True)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签到登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_at = models.DateTimeField("个人信息删除时间", null=True, blank=True)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["activity", "created_at", "id"]
        constraints = [
            # One live sign-up per phone and activity, whatever the race.
            models.UniqueConstraint(
                fields=["activity", "phone"],
                condition=~Q(state=SignupState.CANCELLED) & ~Q(phone=""),
                name="signup_one_live_per_phone",
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1) & Q(party_size__lte=10),
                name="signup_party_size_1_10",
            ),
        ]
        indexes = [models.Index(fields=["activity", "state"])]

    def __str__(self) -> str:
        return f"{self.code}（{self.get_state_display()}）"


class Opinion(TimeStampedModel):
    """An opinion on a campaign (``activity`` empty) or on one of its activities."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    text = models.TextField("留言内容")
    name = models.CharField("姓名", max_length=40, blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    email = models.EmailField("电子邮箱", max_length=120, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=OpinionState.choices, default=OpinionState.PENDING
    )
    hidden_reason = models.TextField("不予公开的原因", blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="与之重复的留言",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_at = models.DateTimeField("个人信息删除时间", null=True, blank=True)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return f"留言 {self.pk}（{self.get_state_display()}）"


class OpinionReply(TimeStampedModel):
    """The public reply (回应) to an opinion: by the office (``unit`` empty) or a host unit."""

    opinion = models.OneToOneField(
        Opinion, verbose_name="留言", on_delete=models.CASCADE, related_name="reply"
    )
    text = models.TextField("回应内容")
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name="回应单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_replies",
    )
    # Who answered, as the public reads it ("区人力资源社会保障局" or the office's name).
    responder = models.CharField("回应单位名称", max_length=120)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回应人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("回应时间")

    class Meta:
        verbose_name = "留言回应"
        verbose_name_plural = "留言回应"

    def __str__(self) -> str:
        return f"对留言 {self.opinion_id} 的回应"


class RetentionSetting(TimeStampedModel):
    """How long after the campaign closes the public's personal data is kept. Kept here, by
    campaign, rather than on the campaign: it is participation's business."""

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="participation_retention",
    )
    days_after_close = models.PositiveSmallIntegerField(
        "结束后保留天数", default=DEFAULT_RETENTION_DAYS
    )

    class Meta:
        verbose_name = "个人信息保留期限"
        verbose_name_plural = "个人信息保留期限"
        constraints = [
            models.CheckConstraint(
                condition=Q(days_after_close__gte=1) & Q(days_after_close__lte=3650),
                name="retention_days_1_3650",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}：结束后 {self.days_after_close} 天"


# --- questionnaires (问卷调查 / 调查征集 / 满意度评价) -----------------------------------------


class QuestionnaireState(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "已开放"
    CLOSED = "closed", "已结束"


# Opening freezes the questions; a closed questionnaire may be opened again (a window extended)
# but never goes back to a draft: answers would no longer match the questions.
QUESTIONNAIRE_TRANSITIONS: dict[str, frozenset[str]] = {
    QuestionnaireState.DRAFT: frozenset({QuestionnaireState.OPEN}),
    QuestionnaireState.OPEN: frozenset({QuestionnaireState.CLOSED}),
    QuestionnaireState.CLOSED: frozenset({QuestionnaireState.OPEN}),
}


class QuestionnaireKind(models.TextChoices):
    SURVEY = "survey", "问卷调查"
    SATISFACTION = "satisfaction", "活动满意度评价"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    TEXT = "text", "填空题"
    RATING = "rating", "评分题（1–5 分）"


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Questionnaire(TimeStampedModel):
    """A questionnaire of a campaign, about one of its activities or the campaign as a whole.

    The satisfaction questionnaire (``kind=satisfaction``, one per campaign) has no activity of
    its own: every published activity's report links to it and each answer names the
    activity it rates."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    kind = models.CharField(
        "类型", max_length=16, choices=QuestionnaireKind.choices, default=QuestionnaireKind.SURVEY
    )
    title = models.CharField("标题", max_length=120)
    intro = models.TextField("说明", blank=True)
    purpose = models.TextField("个人信息用途说明")
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    state = models.CharField(
        "状态",
        max_length=12,
        choices=QuestionnaireState.choices,
        default=QuestionnaireState.DRAFT,
    )
    by_invitation = models.BooleanField("凭邀请码填写", default=False)
    phone_check = models.BooleanField("须验证手机号码（短信验证码）", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField("开放时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "问卷"
        verbose_name_plural = "问卷"
        ordering = ["campaign", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(kind="satisfaction"),
                name="questionnaire_one_satisfaction_per_campaign",
            ),
            models.CheckConstraint(
                condition=~Q(kind="satisfaction") | Q(activity__isnull=True),
                name="questionnaire_satisfaction_has_no_activity",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="questionnaire_window_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def is_satisfaction(self) -> bool:
        return self.kind == QuestionnaireKind.SATISFACTION


class Question(TimeStampedModel):
    """One question, at ``position`` (1, 2, …). ``depends_on``: shown only when that choice
    of an earlier single- or multiple-choice question was chosen."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField("题号")
    kind = models.CharField("题型", max_length=12, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=200)
    help_text = models.CharField("提示", max_length=300, blank=True)
    required = models.BooleanField("必答", default=True)
    depends_on = models.ForeignKey(
        "Choice",
        verbose_name="显示条件（前面某题选择了该选项）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
    )

    class Meta:
        verbose_name = "问卷题目"
        verbose_name_plural = "问卷题目"
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="question_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"第 {self.position} 题：{self.text}"


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField("序号")
    text = models.CharField("选项", max_length=100)

    class Meta:
        verbose_name = "选项"
        verbose_name_plural = "选项"
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text


class InvitationCode(TimeStampedModel):
    """A code the office hands out for a questionnaire by invitation; ``label`` says to whom
    (so the unused codes are the list of who has not answered)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name="问卷",
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    code = models.CharField("邀请码", max_length=8)
    label = models.CharField("发放对象", max_length=60, blank=True)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "问卷邀请码"
        verbose_name_plural = "问卷邀请码"
        ordering = ["questionnaire", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="invitation_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class QuestionnaireAnswer(TimeStampedModel):
    """One person's answer to a questionnaire (about ``activity``: the questionnaire's own,
    or for the satisfaction questionnaire the activity rated).

    One per person: the browser's token and, when the office asks for it, the checked phone —
    each kept only as a keyed digest (``questionnaires_abuse.person_digest``), so the answer
    holds no phone number to purge — and the invitation code when by invitation; each unique
    per questionnaire and activity, whatever the race."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", on_delete=models.CASCADE, related_name="answers"
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaire_answers",
    )
    token_hash = models.CharField("浏览器凭据摘要", max_length=64)
    phone_hash = models.CharField("手机号码摘要", max_length=64, blank=True)
    invitation = models.OneToOneField(
        InvitationCode,
        verbose_name="邀请码",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answer",
    )

    class Meta:
        verbose_name = "问卷答卷"
        verbose_name_plural = "问卷答卷"
        ordering = ["questionnaire", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "token_hash"],
                condition=Q(activity__isnull=True),
                name="answer_one_per_token",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "activity", "token_hash"],
                condition=Q(activity__isnull=False),
                name="answer_one_per_token_activity",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "phone_hash"],
                condition=Q(activity__isnull=True) & ~Q(phone_hash=""),
                name="answer_one_per_phone",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "activity", "phone_hash"],
                condition=Q(activity__isnull=False) & ~Q(phone_hash=""),
                name="answer_one_per_phone_activity",
            ),
        ]
        indexes = [models.Index(fields=["activity"], name="answer_activity")]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"


class AnswerItem(models.Model):
    """The answer to one question: a chosen choice (one row per choice of a multiple-choice
    question), a text, or a rating 1–5."""

    answer = models.ForeignKey(
        QuestionnaireAnswer, verbose_name="答卷", on_delete=models.CASCADE, related_name="items"
    )
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="items"
    )
    choice = models.ForeignKey(
        Choice,
        verbose_name="选项",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    text = models.TextField("填写内容", blank=True)
    rating = models.PositiveSmallIntegerField("评分", null=True, blank=True)

    class Meta:
        verbose_name = "答题"
        verbose_name_plural = "答题"
        ordering = ["answer", "question", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="answer_item_rating_1_5",
            ),
            models.UniqueConstraint(
                fields=["answer", "question", "choice"], name="answer_item_choice_once"
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"], name="answer_item_choice")]

    def __str__(self) -> str:
        return f"答卷 {self.answer_id} · 题目 {self.question_id}"
