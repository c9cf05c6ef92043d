from django.db import models


class Criterion(models.TextChoices):
    """What a unit's year is assessed on (考核指标), in the order pages list them."""

    HELD = "held", "按计划开展"
    FILING = "filing", "方案报备"
    REPORT = "report", "材料报送"
    MATERIALS = "materials", "材料完整"
    PUBLICITY = "publicity", "媒体宣传"
    STAFF = "staff", "现场工作人员"
    PARTICIPATION = "participation", "公众参与"
    REPLIES = "replies", "留言回应"
