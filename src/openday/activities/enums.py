from django.db import models


class ActivityState(models.TextChoices):
    PLANNED = "planned", "已列入计划"
    SCHEDULED = "scheduled", "已定日期"
    FILED = "filed", "已报备方案"
    ANNOUNCED = "announced", "已预热"
    HELD = "held", "已开展"
    REPORTED = "reported", "已报送材料"
    ACCEPTED = "accepted", "已审核通过"
    PUBLISHED = "published", "已发布"
    POSTPONED = "postponed", "已延期"
    CANCELLED = "cancelled", "已取消"
