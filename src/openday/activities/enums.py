from django.db import models


class ActivityState(models.TextChoices):
    PLANNED = "planned", "已列入计划"
    SCHEDULED = "scheduled", "已定日期"
    FILED = "filed", "已报备方案"
    ANNOUNCED = "announced", "已发布预告"
    HELD = "held", "已开展"
    REPORTED = "reported", "已报送材料"
    ACCEPTED = "accepted", "已审核通过"
    PUBLISHED = "published", "已发布"
    POSTPONED = "postponed", "已延期"
    CANCELLED = "cancelled", "已取消"


class JointRole(models.TextChoices):
    """How a plan row with several host units is held (联合开展).

    ``LED``: its first host leads and holds the row itself; every other host unit has a part.
    ``SHARED``: its hosts are only groups (各街道办事处): each member holds its own part and the
    row itself is held by no one.
    """

    NONE = "", "单独开展"
    LED = "led", "牵头单位与各分项单位"
    SHARED = "shared", "各单位分别开展"


class DeadlineKind(models.TextChoices):
    FILING = "filing", "方案报备"
    REPORT = "report", "材料报送"
    PUBLICITY = "publicity", "媒体宣传"
    # Confirming in the system that the activity was held (确认开展), once its date has passed.
    HOLD = "hold", "确认开展"


class DeadlineStatus(models.TextChoices):
    ON_TIME = "on_time", "按期进行中"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    DONE_ON_TIME = "done_on_time", "按期完成"
    DONE_LATE = "done_late", "逾期完成"
    PROVISIONAL = "provisional", "日期待定（节假日安排未公布）"


class ReportGroup(models.TextChoices):
    """Invited groups that came to an activity, as the notices list them (活动情况)."""

    DEPUTIES = "deputies", "人大代表"
    CPPCC = "cppcc", "政协委员"
    EXPERTS = "experts", "专家学者"
    MEDIA = "media", "新闻媒体"
    ENTERPRISES = "enterprises", "企业代表"
    PUBLIC = "public", "群众代表"
    OTHER = "other", "其他"


class AttachmentKind(models.TextChoices):
    DOCX = "docx", "Word 文档"
    PDF = "pdf", "PDF 文档"
    XLSX = "xlsx", "Excel 表格"


class NoticeReview(models.TextChoices):
    """Where a unit's 活动预告 stands in the office's review (``NoticeSubmission``)."""

    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"


class CorrectionTarget(models.TextChoices):
    """What a published correction (更正) changed."""

    NOTICE = "notice", "活动预告"
    REPORT = "report", "活动报道"
