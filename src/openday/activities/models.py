from django.conf import settings
from django.db import models
from django.db.models import F, Q

from openday.activities.enums import (
    ActivityState,
    AttachmentKind,
    CorrectionTarget,
    DeadlineKind,
    JointRole,
    NoticeReview,
    ReportGroup,
)
from openday.campaigns.enums import FormKind
from openday.core.formats import months_label, plan_time_label
from openday.core.models import TimeStampedModel
from openday.core.storage import private_storage
from openday.orgs.enums import UnitGroup


class ActivityQuerySet(models.QuerySet):
    def rows(self) -> "ActivityQuerySet":
        """The plan's rows, without the parts of joint rows."""
        return self.filter(lead__isnull=True)

    def parts(self) -> "ActivityQuerySet":
        return self.filter(lead__isnull=False)

    def by_ref(self, ref) -> "ActivityQuerySet":
        """The activity a URL's reference names: "23" is row 23, "23-2" its second part."""
        seq, part_no = parse_ref(ref)
        return self.filter(seq=seq, part_no=part_no)


def parse_ref(ref) -> tuple[int, int]:
    """``(seq, part_no)`` of "23", "23-2" or 23; ``(0, 0)`` (nothing) for anything else."""
    text = str(ref)
    seq, _, part = text.partition("-")
    if not seq.isdecimal() or (part and not part.isdecimal()) or len(text) > 16:
        return 0, 0
    return int(seq), int(part or 0)


def ref_lookup(ref, prefix: str = "") -> dict:
    """A filter for the activity ``ref`` names, reached through ``prefix`` ("activity__")."""
    seq, part_no = parse_ref(ref)
    return {f"{prefix}seq": seq, f"{prefix}part_no": part_no}


class Activity(TimeStampedModel):
    """One row of a campaign's plan table, and later the activity it becomes.

    A row hosted by several units (联合开展, "区应急管理局、各街道办事处") keeps its first host
    as the lead and has one part per other host unit: each part is an activity of its own
    (``lead`` is the row, ``part_no`` numbers it) with its own date, filing, report and
    state — unless it is held together with the lead (``with_lead``), when the lead's report
    covers it and it has no steps of its own.
    """

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="年度活动",
        on_delete=models.CASCADE,
        related_name="activities",
    )
    seq = models.PositiveIntegerField("序号")
    month_start = models.PositiveSmallIntegerField("开始月份", null=True, blank=True)
    month_end = models.PositiveSmallIntegerField("结束月份", null=True, blank=True)
    title = models.CharField("活动主题", max_length=300)
    brief = models.TextField("活动简介", blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=ActivityState.choices, default=ActivityState.PLANNED
    )
    scheduled_on = models.DateField("活动日期", null=True, blank=True)
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    venue = models.CharField("活动地点", max_length=200, blank=True)
    held_on = models.DateField("实际开展日期", null=True, blank=True)
    # What the plan table says beyond the campaign's columns: the days it names (exact days,
    # or the part of a month such as 中旬), whether its date is tentative (暂定), and the
    # details other provinces' tables carry. Unknown columns keep their header words.
    planned_start = models.DateField("计划开始日期", null=True, blank=True)
    planned_end = models.DateField("计划结束日期", null=True, blank=True)
    date_tentative = models.BooleanField("日期暂定", default=False)
    invitees = models.TextField("邀请对象", blank=True)
    expected_size = models.CharField("拟参与人数", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)
    extra_fields = models.JSONField("其他信息", default=dict, blank=True)
    # Why the date falls outside the planned months (计划调整), shown to the office.
    plan_adjustment = models.TextField("计划调整原因", blank=True)
    joint = models.CharField(
        "联合开展", max_length=8, choices=JointRole.choices, default=JointRole.NONE, blank=True
    )
    lead = models.ForeignKey(
        "self",
        verbose_name="所属计划活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
    )
    part_no = models.PositiveSmallIntegerField("分项号", default=0)
    with_lead = models.BooleanField("随牵头单位一同开展", default=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["campaign", "seq", "part_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "seq", "part_no"], name="activity_unique_seq_part"
            ),
            models.CheckConstraint(
                condition=(Q(lead__isnull=True) & Q(part_no=0))
                | (Q(lead__isnull=False) & Q(part_no__gte=1)),
                name="activity_part_has_lead",
            ),
            models.CheckConstraint(
                condition=(Q(month_start__isnull=True) & Q(month_end__isnull=True))
                | (
                    Q(month_start__gte=1)
                    & Q(month_start__lte=12)
                    & Q(month_end__gte=F("month_start"))
                    & Q(month_end__lte=12)
                ),
                name="activity_months_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}. {self.title}"

    @property
    def month_label(self) -> str:
        return months_label(self.month_start, self.month_end)

    @property
    def plan_time_label(self) -> str:
        """The row's time as the plan table reads: its days when named, else its months."""
        return plan_time_label(
            self.month_start,
            self.month_end,
            self.planned_start,
            self.planned_end,
            self.date_tentative,
        )

    @property
    def ref(self) -> str:
        """The activity in URLs and lists: "23" for a row, "23-2" for its second part."""
        return f"{self.seq}-{self.part_no}" if self.part_no else str(self.seq)

    @property
    def is_part(self) -> bool:
        return self.lead_id is not None

    @property
    def has_steps(self) -> bool:
        """Whether it is filed, held and reported on its own: not a part held with its lead,
        nor a row that only its parts hold."""
        if self.lead_id is not None:
            return not self.with_lead
        return self.joint != JointRole.SHARED

    def acting_hosts(self) -> list["ActivityHost"]:
        """The hosts that carry the activity's steps (of its prefetched ``hosts``): every host,
        but only the lead of a joint row, whose other hosts carry their parts."""
        hosts = list(self.hosts.all())
        if not self.joint:
            return hosts
        return hosts[:1] if hosts and hosts[0].unit_id and self.joint == JointRole.LED else []


class ActivityForm(models.Model):
    """A form of the activity as the document wrote it, with its canonical kind."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="forms"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.CharField("原文", max_length=300)
    kind = models.CharField("类别", max_length=20, choices=FormKind.choices)

    class Meta:
        verbose_name = "活动形式"
        verbose_name_plural = "活动形式"
        ordering = ["activity", "position"]

    def __str__(self) -> str:
        return self.text


class ActivityHost(models.Model):
    """A host of the activity: one unit, or a group such as "各街道办事处" (every street)."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="hosts"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted",
    )
    group = models.CharField("单位组", max_length=32, choices=UnitGroup.choices, blank=True)
    text = models.CharField("原文", max_length=120)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["activity", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(group=""))
                | (Q(unit__isnull=True) & ~Q(group="")),
                name="activity_host_unit_xor_group",
            ),
        ]

    def __str__(self) -> str:
        return self.text


def has_steps_q(prefix: str = "") -> Q:
    """``Activity.has_steps`` as a filter on activities (reached through ``prefix``, e.g.
    "activities__"): the events a count counts."""
    return (Q(**{f"{prefix}lead__isnull": True}) & ~Q(**{f"{prefix}joint": JointRole.SHARED})) | Q(
        **{f"{prefix}lead__isnull": False, f"{prefix}with_lead": False}
    )


def acting_host_q() -> Q:
    """``Activity.acting_hosts`` as a filter on ActivityHost: a joint row's steps are its
    lead's alone (hosts are numbered from 0 in the order written)."""
    return Q(activity__joint=JointRole.NONE) | Q(
        activity__joint=JointRole.LED, position=0, unit__isnull=False
    )


class ActivityEvent(models.Model):
    """One transition of an activity's lifecycle: who moved it, when, why, with what data."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=20)
    from_state = models.CharField("原状态", max_length=16, choices=ActivityState.choices)
    to_state = models.CharField("新状态", max_length=16, choices=ActivityState.choices)
    comment = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "活动记录"
        verbose_name_plural = "活动记录"
        ordering = ["activity", "at", "id"]

    def __str__(self) -> str:
        return f"{self.activity} {self.from_state}→{self.to_state}"


class ActivityDeadline(models.Model):
    """A deadline of an activity: its rule, the date it resolves to, and when it was met.

    Stored resolved so lists and reminders can filter by date; ``deadlines.refresh`` recomputes
    it whenever the base date, the campaign's rule or a holiday arrangement changes.
    """

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField("类型", max_length=16, choices=DeadlineKind.choices)
    rule_days = models.SmallIntegerField("天数")
    rule_working = models.BooleanField("按工作日计")
    base_date = models.DateField("起算日期")
    due_on = models.DateField("截止日期", db_index=True)
    provisional = models.BooleanField("依据未公布的节假日安排", default=False)
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "活动期限"
        verbose_name_plural = "活动期限"
        ordering = ["activity", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "kind"], name="deadline_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.get_kind_display()} {self.due_on}"


# --- Filing, notice, report -----------------------------------------------------------------
# Their files live in the private storage (``core.storage``): no URL, served by views
# that check access. Names are generated; the uploader's name is kept apart for display.


def _activity_folder(instance) -> str:
    activity = instance.activity if hasattr(instance, "activity") else instance.report.activity
    return f"activities/{activity.campaign_id}/{activity.pk}"


def filing_upload_to(instance, filename: str) -> str:
    return f"{_activity_folder(instance)}/filing/{filename}"


def report_upload_to(instance, filename: str) -> str:
    return f"{_activity_folder(instance)}/report/{filename}"


class ActivityFiling(TimeStampedModel):
    """The detailed plan handed in before the activity (方案报备), with who answers for it.

    One row per filing: a postponed activity files again, and the earlier plan stays on
    record. The newest is the one in force.
    """

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="filings"
    )
    document = models.FileField(
        "活动方案", upload_to=filing_upload_to, storage=private_storage, max_length=255
    )
    document_name = models.CharField("原文件名", max_length=200)
    document_size = models.PositiveIntegerField("文件大小（字节）")
    leader = models.CharField("分管领导", max_length=60)
    section = models.CharField("责任科室", max_length=100)
    person = models.CharField("具体负责人", max_length=60)
    phone = models.CharField("联系电话", max_length=40)
    comment = models.TextField("报备说明", blank=True)
    filed_on = models.DateField("报备日期")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报备人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "活动方案报备"
        verbose_name_plural = "活动方案报备"
        ordering = ["activity", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.activity} 方案报备 {self.filed_on}"


class NoticeText(models.Model):
    """The words of a 活动预告: what the public reads, and what a unit submits for review."""

    theme = models.CharField("活动主题", max_length=300)
    host = models.CharField("主办单位", max_length=300)
    held_on = models.DateField("活动日期")
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间", null=True, blank=True)
    venue = models.CharField("活动地点", max_length=200)
    audience = models.TextField("邀请对象")
    content = models.TextField("活动内容")
    form = models.CharField("活动形式", max_length=200)
    signup = models.TextField("报名方式")
    contact = models.CharField("咨询联系方式", max_length=200)

    # Field name → label, in the order pages show them (corrections list their changes so).
    TEXT_FIELDS = (
        "theme",
        "host",
        "held_on",
        "start_time",
        "end_time",
        "venue",
        "audience",
        "content",
        "form",
        "signup",
        "contact",
    )

    class Meta:
        abstract = True


class ActivityNotice(NoticeText, TimeStampedModel):
    """The public notice before an activity (活动预告). Announcing again replaces it.

    Only what went public is here: a unit's notice waiting for the office's review is a
    ``NoticeSubmission``. The office may withdraw it (it leaves the column; the reason stays
    in the history) or correct it (``PublicCorrection``).
    """

    activity = models.OneToOneField(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="notice"
    )
    published_at = models.DateTimeField("发布时间")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回原因", blank=True)

    class Meta:
        verbose_name = "活动预告"
        verbose_name_plural = "活动预告"

    def __str__(self) -> str:
        return f"{self.theme}（预告）"


class NoticeSubmission(NoticeText, TimeStampedModel):
    """A unit's 活动预告 handed to the office for review (the campaign's
    ``notice_review_required`` rule). Approval copies it into the public ``ActivityNotice``
    (the lifecycle's "announce"); a return keeps the office's comment, and the unit edits the
    same submission and hands it in again. At most one is open (submitted or returned) per
    activity; approved ones stay as the record of what was reviewed.
    """

    activity = models.ForeignKey(
        Activity,
        verbose_name="活动",
        on_delete=models.CASCADE,
        related_name="notice_submissions",
    )
    review = models.CharField(
        "审核状态", max_length=16, choices=NoticeReview.choices, default=NoticeReview.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    comment = models.TextField("退回意见", blank=True)

    class Meta:
        verbose_name = "活动预告审核"
        verbose_name_plural = "活动预告审核"
        ordering = ["activity", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=Q(review__in=[NoticeReview.SUBMITTED, NoticeReview.RETURNED]),
                name="notice_submission_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme}（{self.get_review_display()}）"


class PublicCorrection(models.Model):
    """A correction (更正) of a published notice or report: when, by whom, why, and each
    field's words before and after (``changes``: ``[{"field", "label", "before", "after"}]``).
    The public page shows "更正于 <date>" with them."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="corrections"
    )
    target = models.CharField("更正内容", max_length=16, choices=CorrectionTarget.choices)
    at = models.DateTimeField("更正时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField("修改内容", default=list)
    note = models.TextField("更正说明", blank=True)

    class Meta:
        verbose_name = "更正"
        verbose_name_plural = "更正"
        ordering = ["activity", "at", "id"]

    def __str__(self) -> str:
        return f"{self.activity} {self.get_target_display()}更正"


class ActivityReport(TimeStampedModel):
    """What happened (活动情况): the numbers, the media, the photos and the write-up.

    One per activity: a report the office returns is corrected and submitted again in place.
    """

    activity = models.OneToOneField(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="report"
    )
    held_on = models.DateField("开展日期")
    headcount = models.PositiveIntegerField("活动覆盖人数")
    staff_count = models.PositiveIntegerField("现场工作人员人数")
    other_groups = models.CharField("其他参加人员说明", max_length=200, blank=True)
    summary = models.TextField("活动概况")
    practices = models.TextField("经验做法", blank=True)
    effects = models.TextField("工作实效", blank=True)
    video = models.FileField(
        "活动视频",
        upload_to=report_upload_to,
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    video_name = models.CharField("视频原文件名", max_length=200, blank=True)
    video_url = models.URLField("视频链接", max_length=500, blank=True)
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "活动情况"
        verbose_name_plural = "活动情况"

    def __str__(self) -> str:
        return f"{self.activity} 活动情况"


class ReportAttendance(models.Model):
    """How many of one invited group came."""

    report = models.ForeignKey(
        ActivityReport, verbose_name="活动情况", on_delete=models.CASCADE, related_name="attendance"
    )
    group = models.CharField("参加人员类别", max_length=16, choices=ReportGroup.choices)
    count = models.PositiveIntegerField("人数")

    class Meta:
        verbose_name = "参加人员"
        verbose_name_plural = "参加人员"
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "group"], name="attendance_one_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.count} 人"


class MediaReport(models.Model):
    """One media report of the activity; the count in 附件2 is the number of these."""

    report = models.ForeignKey(
        ActivityReport, verbose_name="活动情况", on_delete=models.CASCADE, related_name="media"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    outlet = models.CharField("媒体名称", max_length=100)
    title = models.CharField("报道标题", max_length=300)
    url = models.URLField("报道网址", max_length=500)
    published_on = models.DateField("报道日期")

    class Meta:
        verbose_name = "媒体报道"
        verbose_name_plural = "媒体报道"
        ordering = ["report", "position", "id"]
        constraints = [
            # Only web links: a "javascript:" URL never reaches a page.
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="media_report_url_http",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet}：{self.title}"


class ReportPhoto(models.Model):
    """A photo of the activity, re-encoded without metadata, and its thumbnail. The office
    chooses which photos the column shows (``public``) and may caption them."""

    report = models.ForeignKey(
        ActivityReport, verbose_name="活动情况", on_delete=models.CASCADE, related_name="photos"
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    image = models.FileField(
        "照片", upload_to=report_upload_to, storage=private_storage, max_length=255
    )
    thumbnail = models.FileField(
        "缩略图", upload_to=report_upload_to, storage=private_storage, max_length=255
    )
    original_name = models.CharField("原文件名", max_length=200)
    public = models.BooleanField(
        "在专栏公开", default=True, help_text="公开办发布前选择在专栏展示的照片"
    )
    caption = models.CharField("照片说明", max_length=100, blank=True)
    width = models.PositiveIntegerField("宽度")
    height = models.PositiveIntegerField("高度")

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReportAttachment(models.Model):
    """A document handed in with the report (.docx, .pdf or .xlsx)."""

    report = models.ForeignKey(
        ActivityReport,
        verbose_name="活动情况",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    file = models.FileField(
        "附件", upload_to=report_upload_to, storage=private_storage, max_length=255
    )
    original_name = models.CharField("原文件名", max_length=200)
    kind = models.CharField("类型", max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField("文件大小（字节）")

    class Meta:
        verbose_name = "活动附件"
        verbose_name_plural = "活动附件"
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.original_name
