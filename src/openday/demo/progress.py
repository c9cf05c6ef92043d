"""天心区's year in progress for the demo: a few activities of ``tianxin-2023`` taken along
their lifecycle as they would stand at the start of June 2023.

- 3月: seq 1 (区人力资源社会保障局) the whole way — dated, plan filed, notice out, held,
  reported with photos and a media report, accepted and published on the public column;
  seq 4 (城南路街道办事处) held, reported and accepted.
- 4月–5月: seq 8 (区卫生健康局) reported and waiting for the office's review; seq 13
  (区农业农村局) reported, then returned with the office's comment, so its report is due
  again and overdue in June.
- 6月: seq 23 (区应急管理局 and 各街道办事处) dated 6月16日 without a plan on file, its filing
  deadline inside June; seq 17 dated 6月20日 with its plan filed on time; seq 19 dated
  6月26日 without one.

So moving the clock through June (``openday run-scheduler --as-of "2023-06-01 08:00"
--through "2023-07-01 08:00"``) gives month-start, deadline-soon, overdue and month-end
reminders, and the month summary and 附件2 have numbers.

Everything goes through the activity services with dates in 2023 (``on``/``today``), acting
as the host's liaison where the demo has one (``tianxin-renshe``, ``tianxin-chengnanlu``,
the latter through the group host 各街道办事处) and as the office (``tianxin-admin``)
otherwise and for the review. Idempotent: an activity no longer "planned" is left alone.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.activities.permissions import can_take
from openday.activities.services import (
    FilingInput,
    MediaInput,
    NoticeInput,
    ReportInput,
    activity_accept,
    activity_announce,
    activity_file,
    activity_mark_held,
    activity_publish,
    activity_report,
    activity_return,
    activity_schedule,
    notice_approve,
)
from openday.campaigns.models import Campaign
from openday.core.formats import date_label
from openday.demo.media import demo_photo, plan_document

CAMPAIGN = "tianxin-2023"
OFFICE = "tianxin-admin"
NOTICE_APPROVED = "预告内容准确，同意发布。"


@dataclass(frozen=True)
class Filing:
    on: dt.date
    leader: str
    section: str
    person: str
    phone: str


@dataclass(frozen=True)
class Notice:
    audience: str
    content: str
    signup: str
    contact: str


@dataclass(frozen=True)
class Report:
    on: dt.date
    headcount: int
    staff: int
    attendance: dict[str, int]
    summary: str
    practices: str = ""
    effects: str = ""
    media: list[MediaInput] = field(default_factory=list)
    photos: int = 1


@dataclass(frozen=True)
class Progress:
    seq: int
    by: str  # who does the host's part: its liaison, or the office when the unit has none
    on: dt.date
    start: dt.time
    end: dt.time
    venue: str
    filing: Filing | None = None
    notice: Notice | None = None
    report: Report | None = None  # held on ``on`` and reported
    held: bool = False  # held on ``on`` with no report yet (implied by ``report``)
    review: str = ""  # "accept", "publish" (accept, then publish) or "return"
    comment: str = ""
    part: str = ""  # of a joint row, the unit whose part moves (its name)


PROGRESS = [
    Progress(
        seq=1,
        by="tianxin-renshe",
        on=dt.date(2023, 3, 15),
        start=dt.time(9, 30),
        end=dt.time(11, 30),
        venue="暮云街道综合文化站多功能厅",
        filing=Filing(dt.date(2023, 3, 9), "刘副局长", "社会保险股", "陈晓", "0731-85000101"),
        notice=Notice(
            audience="被征地农民代表、社区工作人员、人大代表、政协委员",
            content="解读被征地农民参加基本养老保险的对象、缴费标准和待遇领取办法，"
            "现场答疑并受理业务咨询。",
            signup="无需报名，现场参加",
            contact="0731-85000101（区人社局社会保险股）",
        ),
        report=Report(
            on=dt.date(2023, 3, 17),
            headcount=156,
            staff=8,
            attendance={"deputies": 2, "cppcc": 1, "media": 2, "public": 120},
            summary="3月15日，区人力资源社会保障局在暮云街道综合文化站开展被征地农民社会保险"
            "业务政策宣讲，工作人员逐项解读参保对象、缴费标准和待遇领取办法，并现场答疑。",
            practices="制作政策问答折页，设立咨询台一对一答疑；邀请人大代表、政协委员现场监督。",
            effects="发放宣传资料300余份，现场解答群众咨询42人次，收集意见建议6条，已分类交办。",
            media=[
                MediaInput(
                    outlet="长沙晚报",
                    title="天心区开展被征地农民社会保险政策宣讲进社区活动",
                    url="https://news.example.cn/cswb/2023/0316/tianxin-renshe.html",
                    published_on=dt.date(2023, 3, 16),
                )
            ],
            photos=2,
        ),
        review="publish",
        comment="材料齐全，同意发布。",
    ),
    Progress(
        seq=4,
        by="tianxin-chengnanlu",
        on=dt.date(2023, 3, 28),
        start=dt.time(14, 30),
        end=dt.time(16, 30),
        venue="城南路街道办事处三楼会议室",
        filing=Filing(dt.date(2023, 3, 23), "王副主任", "党政综合办公室", "周婷", "0731-85000204"),
        report=Report(
            on=dt.date(2023, 3, 31),
            headcount=85,
            staff=6,
            attendance={"deputies": 1, "enterprises": 30, "public": 35},
            summary="3月28日，城南路街道邀请辖区企业代表和居民代表座谈，通报“放管服”改革"
            "举措和街道政务公开工作情况，现场解读惠企政策。",
            effects="收集企业诉求11条，现场答复7条，其余4条已转相关部门办理。",
            media=[
                MediaInput(
                    outlet="天心区融媒体中心",
                    title="城南路街道：政务公开进企业 优化辖区营商环境",
                    url="https://news.example.cn/tianxin/2023/0329/chengnanlu.html",
                    published_on=dt.date(2023, 3, 29),
                )
            ],
            photos=2,
        ),
        review="accept",
        comment="材料齐全，同意。",
    ),
    Progress(
        seq=8,
        by=OFFICE,
        on=dt.date(2023, 4, 20),
        start=dt.time(9, 0),
        end=dt.time(11, 30),
        venue="坡子街街道西牌楼社区广场",
        filing=Filing(dt.date(2023, 4, 14), "李副局长", "爱国卫生运动科", "黄丽", "0731-85000308"),
        report=Report(
            on=dt.date(2023, 4, 25),
            headcount=230,
            staff=10,
            attendance={"deputies": 2, "media": 3, "public": 180},
            summary="4月20日，区卫生健康局在西牌楼社区开展国家卫生城市创建宣传，"
            "设置展板、发放倡议书，组织居民参与环境卫生整治。",
            effects="发放倡议书和宣传册500余份，现场登记志愿者36名。",
            media=[
                MediaInput(
                    outlet="天心区融媒体中心",
                    title="全民参与创卫 共建美好家园",
                    url="https://news.example.cn/tianxin/2023/0420/chuangwei.html",
                    published_on=dt.date(2023, 4, 20),
                ),
                MediaInput(
                    outlet="长沙晚报",
                    title="天心区：创卫宣传走进社区",
                    url="https://news.example.cn/cswb/2023/0421/chuangwei.html",
                    published_on=dt.date(2023, 4, 21),
                ),
            ],
            photos=1,
        ),
    ),
    Progress(
        seq=13,
        by=OFFICE,
        on=dt.date(2023, 5, 16),
        start=dt.time(9, 30),
        end=dt.time(11, 30),
        venue="大托铺街道社区服务中心",
        filing=Filing(dt.date(2023, 5, 11), "赵副局长", "畜牧水产科", "彭军", "0731-85000413"),
        report=Report(
            on=dt.date(2023, 5, 19),
            headcount=60,
            staff=6,
            attendance={"public": 45},
            summary="5月16日，区农业农村局在大托铺街道开展狂犬病免疫知识进社区宣传。",
            photos=1,
        ),
        review="return",
        comment="现场照片仅 1 张，且未体现“政务公开主题日”统一标识，请补充活动现场全景照片；"
        "同时请补填媒体宣传报道情况后重新报送。",
    ),
    Progress(
        seq=17,
        by=OFFICE,
        on=dt.date(2023, 6, 20),
        start=dt.time(9, 30),
        end=dt.time(11, 30),
        venue="天心区政务服务中心一楼大厅",
        filing=Filing(dt.date(2023, 5, 31), "罗副主任", "综合科", "唐敏", "0731-85000517"),
    ),
    Progress(
        seq=19,
        by=OFFICE,
        on=dt.date(2023, 6, 26),
        start=dt.time(9, 0),
        end=dt.time(11, 0),
        venue="青园街道居家养老服务中心",
    ),
    Progress(
        seq=23,
        by="tianxin-chengnanlu",
        part="城南路街道办事处",
        on=dt.date(2023, 6, 16),
        start=dt.time(9, 0),
        end=dt.time(11, 30),
        venue="城南路街道办事处前坪",
    ),
    # Another street held its own part of the joint row 23 early in June and reported it: one
    # event held, one of the row's street parts held — the rest are still to come.
    Progress(
        seq=23,
        by=OFFICE,
        part="坡子街街道办事处",
        on=dt.date(2023, 6, 2),
        start=dt.time(9, 0),
        end=dt.time(11, 0),
        venue="坡子街街道西牌楼社区广场",
        filing=Filing(dt.date(2023, 5, 26), "陈副主任", "应急管理办", "许静", "0731-85000623"),
        report=Report(
            on=dt.date(2023, 6, 5),
            headcount=85,
            staff=5,
            attendance={"public": 70, "media": 3, "other": 12},
            summary="6月2日，坡子街街道在西牌楼社区广场开展“安全生产月”政务公开主题日活动，"
            "公开辖区应急预案和避险路线，现场讲解安全生产政策。",
            effects="居民现场学习应急技能，收集安全隐患线索6条并当场转办。",
        ),
    ),
]


def load_demo_progress() -> list[str]:
    """Take the activities of ``PROGRESS`` still "planned" along; one line when any moved."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN).first()
    if campaign is None:
        return []
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in={OFFICE, *(step.by for step in PROGRESS)}
        )
    }
    activities = {
        (activity.seq, activity.hosts.all()[0].text if activity.part_no else ""): activity
        for activity in Activity.objects.filter(
            campaign=campaign,
            seq__in=[step.seq for step in PROGRESS],
            state=ActivityState.PLANNED,
        ).prefetch_related("hosts", "forms")
    }
    moved: list[Activity] = []
    with transaction.atomic():
        for step in PROGRESS:
            activity = activities.get((step.seq, step.part))
            if activity is None or step.by not in users or OFFICE not in users:
                continue
            moved.append(advance(activity, step, host=users[step.by], office=users[OFFICE]))
    if not moved:
        return []
    counts: dict[str, int] = {}
    for activity in moved:
        label = activity.get_state_display()
        counts[label] = counts.get(label, 0) + 1
    states = "、".join(f"{label} {count}" for label, count in counts.items())
    return [f"{CAMPAIGN}: 演示进度 {len(moved)} 项（{states}）"]


DEMO_ADJUSTMENT = "演示数据：按演示进度调整活动日期"


def acting_for(activity: Activity, user) -> Activity:
    """What ``user`` moves of the row ``activity``: the row, or of a joint row the part
    ``user``'s unit holds."""
    if not activity.joint or can_take(user, activity, "schedule"):
        return activity
    parts = Activity.objects.filter(lead=activity).prefetch_related("hosts", "forms")
    return next((part for part in parts if can_take(user, part, "schedule")), activity)


def advance(activity: Activity, step: Progress, *, host, office) -> Activity:
    """Take ``activity`` through ``step`` with the services, each move on its own date."""
    activity = activity_schedule(
        actor=host,
        activity=activity,
        on=step.on,
        start_time=step.start,
        end_time=step.end,
        venue=step.venue,
        # Recorded only where the demo's date leaves the row's planned months (计划调整).
        reason=DEMO_ADJUSTMENT,
    )
    if step.filing is not None:
        activity = activity_file(
            actor=host, activity=activity, filing=_filing(activity, step), on=step.filing.on
        )
    if step.notice is not None:
        activity = activity_announce(actor=host, activity=activity, notice=_notice(activity, step))
        if activity.state != ActivityState.ANNOUNCED:
            # A liaison's notice waits for the office's review (the campaign's rule).
            activity = notice_approve(actor=office, activity=activity, comment=NOTICE_APPROVED)
    if step.report is None and not step.held:
        return activity
    activity = activity_mark_held(actor=host, activity=activity, held_on=step.on, today=step.on)
    if step.report is None:
        return activity
    activity = activity_report(
        actor=host,
        activity=activity,
        report=_report(activity, step),
        on=step.report.on,
        today=step.report.on,
    )
    if step.review in ("accept", "publish"):
        activity = activity_accept(actor=office, activity=activity, comment=step.comment)
    if step.review == "publish":
        activity = activity_publish(actor=office, activity=activity)
    if step.review == "return":
        activity = activity_return(actor=office, activity=activity, comment=step.comment)
    return activity


def host_names(activity: Activity) -> str:
    """The activity's hosts as the plan writes them, "、" between."""
    return "、".join(host.text for host in activity.hosts.all())


def _filing(activity: Activity, step: Progress) -> FilingInput:
    filing = step.filing
    day = date_label(step.on)
    document = plan_document(
        f"{activity.title[:30]}活动方案.docx",
        f"{activity.title}活动方案",
        [
            f"一、活动时间：{day} {step.start:%H:%M}—{step.end:%H:%M}",
            f"二、活动地点：{step.venue}",
            f"三、主办单位：{host_names(activity)}",
            f"四、活动形式：{'、'.join(form.text for form in activity.forms.all())}",
            f"五、组织保障：{filing.leader}负责，{filing.section}具体实施，联系人{filing.person}。",
        ],
    )
    return FilingInput(
        document=document,
        leader=filing.leader,
        section=filing.section,
        person=filing.person,
        phone=filing.phone,
    )


def _notice(activity: Activity, step: Progress) -> NoticeInput:
    notice = step.notice
    return NoticeInput(
        theme=activity.title,
        host=host_names(activity),
        held_on=step.on,
        start_time=step.start,
        end_time=step.end,
        venue=step.venue,
        audience=notice.audience,
        content=notice.content,
        form="、".join(form.text for form in activity.forms.all()),
        signup=notice.signup,
        contact=notice.contact,
    )


def _report(activity: Activity, step: Progress) -> ReportInput:
    report = step.report
    return ReportInput(
        held_on=step.on,
        headcount=report.headcount,
        staff_count=report.staff,
        summary=report.summary,
        attendance=report.attendance,
        media=report.media,
        photos=[
            demo_photo(f"活动现场{n}.jpg", seed=activity.seq + n)
            for n in range(1, report.photos + 1)
        ],
        practices=report.practices,
        effects=report.effects,
    )
