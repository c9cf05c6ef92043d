from django.db import models


class FormKind(models.TextChoices):
    """Canonical kinds of activity form; each campaign names its own forms and maps them here."""

    FIELD_RESEARCH = "field_research", "实地调研"
    SITE_VISIT = "site_visit", "现场观摩"
    DISCUSSION = "discussion", "座谈交流"
    POLICY_RELEASE = "policy_release", "政策发布"
    PUBLICITY = "publicity", "政策宣传/现场宣讲"
    SURVEY = "survey", "问卷调查/调查征集"
    OTHER = "other", "其他"


class CampaignPhase(models.TextChoices):
    DRAFT = "draft", "筹备"
    DECLARATION = "declaration", "主题申报"
    PLANNING = "planning", "计划编制"
    RUNNING = "running", "活动开展"
    CLOSED = "closed", "已结束"


class PlanColumn(models.TextChoices):
    """The columns a plan table can have; a campaign keeps its own order and header words."""

    SEQ = "seq", "序号"
    MONTH = "month", "活动时间"
    TITLE = "title", "活动主题"
    FORMS = "forms", "活动形式"
    UNITS = "units", "责任单位"
    BRIEF = "brief", "活动简介"


DEFAULT_PLAN_COLUMNS = [
    [PlanColumn.SEQ.value, "序号"],
    [PlanColumn.MONTH.value, "活动时间"],
    [PlanColumn.TITLE.value, "活动主题"],
    [PlanColumn.FORMS.value, "活动形式"],
    [PlanColumn.UNITS.value, "责任单位"],
]
