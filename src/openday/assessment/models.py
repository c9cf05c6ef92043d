from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from openday.core.models import TimeStampedModel

WEIGHT_MAX = 100
REPLY_DAYS_MIN, REPLY_DAYS_MAX = 1, 30
# The weights' field per criterion (``enums.Criterion``), in its order.
WEIGHT_FIELDS = {
    "held": "weight_held",
    "filing": "weight_filing",
    "report": "weight_report",
    "materials": "weight_materials",
    "publicity": "weight_publicity",
    "staff": "weight_staff",
    "participation": "weight_participation",
    "replies": "weight_replies",
}


def _weight(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=0, validators=[MaxValueValidator(WEIGHT_MAX)]
    )


class AssessmentWeights(TimeStampedModel):
    """The weights an office gives each criterion of its campaign's assessment (考核权重).

    Without a row, the defaults follow the campaign's rules (``scoring.default_weights``); the
    office's first save stores them all.
    """

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="assessment_weights",
    )
    weight_held = _weight("按计划开展")
    weight_filing = _weight("方案报备")
    weight_report = _weight("材料报送")
    weight_materials = _weight("材料完整")
    weight_publicity = _weight("媒体宣传")
    weight_staff = _weight("现场工作人员")
    weight_participation = _weight("公众参与")
    weight_replies = _weight("留言回应")
    reply_days = models.PositiveSmallIntegerField(
        "留言回应期限（工作日）",
        default=5,
        validators=[MinValueValidator(REPLY_DAYS_MIN), MaxValueValidator(REPLY_DAYS_MAX)],
    )

    class Meta:
        verbose_name = "考核权重"
        verbose_name_plural = "考核权重"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    **{f"{name}__lte": WEIGHT_MAX for name in WEIGHT_FIELDS.values()},
                    reply_days__gte=REPLY_DAYS_MIN,
                    reply_days__lte=REPLY_DAYS_MAX,
                ),
                name="assessment_weights_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}的考核权重"

    def as_dict(self) -> dict[str, int]:
        return {key: getattr(self, name) for key, name in WEIGHT_FIELDS.items()}


class AssessmentSnapshot(TimeStampedModel):
    """A closed year's assessment as it was computed when the year closed: frozen, shown
    ever after instead of a computation (``data`` is ``scoring.Assessment.to_dict``)."""

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="assessment_snapshot",
    )
    as_of = models.DateField("考核截止日期")
    data = models.JSONField("考核结果", default=dict)

    class Meta:
        verbose_name = "考核结果（已冻结）"
        verbose_name_plural = "考核结果（已冻结）"

    def __str__(self) -> str:
        return f"{self.campaign}的考核结果"


# --- typical experiences (典型经验) ---------------------------------------------------------

EXPERIENCE_TEXT_MAX = 500
EXPERIENCE_COMMENT_MAX = 500


class ExperienceState(models.TextChoices):
    """Where a recommended typical experience stands on its way up (``experiences`` has the
    steps and who takes each)."""

    RECOMMENDED = "recommended", "区县已推荐"
    SELECTED = "selected", "市级已选用"
    FORWARDED = "forwarded", "已报送省级"
    ACCEPTED = "accepted", "省级已采用"
    NOTED = "noted", "省级已阅"
    WITHDRAWN = "withdrawn", "已撤回"


# (from, to) → the step's name; any other pair is refused.
EXPERIENCE_TRANSITIONS = {
    (ExperienceState.RECOMMENDED, ExperienceState.SELECTED): "select",
    (ExperienceState.SELECTED, ExperienceState.FORWARDED): "forward",
    (ExperienceState.FORWARDED, ExperienceState.ACCEPTED): "accept",
    (ExperienceState.FORWARDED, ExperienceState.NOTED): "note",
    (ExperienceState.RECOMMENDED, ExperienceState.WITHDRAWN): "withdraw",
}
# Shown on the county's public column under 典型经验.
EXPERIENCE_PUBLIC_STATES = (
    ExperienceState.SELECTED,
    ExperienceState.FORWARDED,
    ExperienceState.ACCEPTED,
    ExperienceState.NOTED,
)


class TypicalExperience(TimeStampedModel):
    """A published report a county office recommends as a typical experience (典型经验), and
    its way up: the city office selects it (with a comment) and forwards it to the province,
    which accepts it or notes it. One live recommendation per activity; a withdrawn one stays
    as history."""

    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="typical_experiences",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="typical_experiences",
    )
    text = models.CharField("推荐理由", max_length=EXPERIENCE_TEXT_MAX)
    state = models.CharField(
        "状态",
        max_length=16,
        choices=ExperienceState.choices,
        default=ExperienceState.RECOMMENDED,
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="推荐人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommended_at = models.DateTimeField("推荐时间")
    city_comment = models.CharField("市级意见", max_length=EXPERIENCE_COMMENT_MAX, blank=True)
    selected_at = models.DateTimeField("市级选用时间", null=True, blank=True)
    forwarded_at = models.DateTimeField("报送省级时间", null=True, blank=True)
    province_comment = models.CharField("省级意见", max_length=EXPERIENCE_COMMENT_MAX, blank=True)
    concluded_at = models.DateTimeField("省级办理时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "典型经验"
        verbose_name_plural = "典型经验"
        ordering = ["-recommended_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=~Q(state="withdrawn"),
                name="typical_experience_one_live_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"典型经验：{self.activity}"

    @property
    def is_public(self) -> bool:
        return self.state in EXPERIENCE_PUBLIC_STATES

    def move(self, target: str, *, at) -> str:
        """Check the step against the table and set the fields that move with it; returns
        the step's name. A step not in the table raises ``ValueError``."""
        step = EXPERIENCE_TRANSITIONS.get((self.state, target))
        if step is None:
            raise ValueError(f"{self.state} → {target}")
        self.state = target
        if step == "select":
            self.selected_at = at
        elif step == "forward":
            self.forwarded_at = at
        elif step in {"accept", "note"}:
            self.concluded_at = at
        elif step == "withdraw":
            self.withdrawn_at = at
        return step


class YearSummary(TimeStampedModel):
    """The office's year-end summary (年度工作总结) as edited in the browser: drafted from the
    dashboard's figures until first saved, then the office's own text."""

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="year_summary",
    )
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文")
    issued_by = models.CharField("发文机关", max_length=120)
    issued_on = models.DateField("成文日期")

    class Meta:
        verbose_name = "年度工作总结"
        verbose_name_plural = "年度工作总结"

    def __str__(self) -> str:
        return self.title
