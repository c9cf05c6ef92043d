"""``activity_report``: hand in what happened (活动情况), all or nothing.

The numbers, the invited groups, the staff on site (against the campaign's minimum), the media
reports (their count is how many there are; the first one's date meets the publicity
deadline), 1–20 photos already re-encoded by ``uploads.process_photo``, an optional video or
video link, the write-up and attachments. Either all of it is stored and the activity moves to
"reported", or nothing is: rows roll back and files written so far are deleted.

A report the office returned is corrected in place: photos and attachments listed in
``keep_photo_ids`` / ``keep_attachment_ids`` stay, the others go once the new report commits.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from openday.activities.enums import ActivityState, AttachmentKind, DeadlineKind, ReportGroup
from openday.activities.models import (
    Activity,
    ActivityReport,
    MediaReport,
    ReportAttachment,
    ReportAttendance,
    ReportPhoto,
)
from openday.activities.services.dates import check_campaign_date
from openday.activities.services.files import FileJournal, file_journal
from openday.activities.services.transitions import (
    _mark_done,
    _person,
    _required,
    _transition,
    activity_record_publicity,
)
from openday.activities.uploads import CheckedFile, ProcessedImage
from openday.core.errors import DomainError
from openday.core.storage import fresh_name

MIN_PHOTOS = 1
MAX_PHOTOS = 20
MAX_ATTACHMENTS = 10
MAX_COUNT = 10_000_000


@dataclass(frozen=True)
class MediaInput:
    outlet: str
    title: str
    url: str
    published_on: dt.date


@dataclass(frozen=True)
class ReportInput:
    held_on: dt.date
    headcount: int
    staff_count: int
    summary: str
    attendance: dict[str, int] = field(default_factory=dict)
    other_groups: str = ""
    media: list[MediaInput] = field(default_factory=list)
    photos: list[ProcessedImage] = field(default_factory=list)
    keep_photo_ids: list[int] = field(default_factory=list)
    practices: str = ""
    effects: str = ""
    video: CheckedFile | None = None
    keep_video: bool = False
    video_url: str = ""
    attachments: list[CheckedFile] = field(default_factory=list)
    keep_attachment_ids: list[int] = field(default_factory=list)


def is_web_url(url: str) -> bool:
    """An absolute http(s) link; "javascript:", "data:" and relative links are not."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _count(value, what: str, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DomainError(f"{what}应为不小于 0 的整数。", field=name)
    if value > MAX_COUNT:
        raise DomainError(f"{what}数值过大，请核对。", field=name)
    return value


def _check_numbers(activity: Activity, report: ReportInput) -> dict[str, int]:
    headcount = _count(report.headcount, "活动覆盖人数", "headcount")
    staff = _count(report.staff_count, "现场工作人员人数", "staff_count")
    attendance = {}
    for group, count in report.attendance.items():
        if group not in ReportGroup.values:
            raise DomainError(f"未知的参加人员类别“{group}”。", field="attendance")
        attendance[group] = _count(count, f"{ReportGroup(group).label}人数", "attendance")
    invited = sum(attendance.values())
    if invited > headcount:
        raise DomainError(
            f"各类参加人员合计 {invited} 人，多于活动覆盖人数 {headcount} 人，请核对。",
            field="headcount",
        )
    rules = getattr(activity.campaign, "rules", None)
    minimum = rules.min_staff if rules else None
    if minimum and staff < minimum:
        raise DomainError(
            f"现场工作人员 {staff} 人，少于实施方案要求的 {minimum} 人"
            f"（{activity.campaign.region.name}要求每场活动现场工作人员不少于 {minimum} 人）。",
            field="staff_count",
        )
    return {group: count for group, count in attendance.items() if count}


def _check_media(report: ReportInput, held_on: dt.date, today: dt.date) -> list[MediaInput]:
    media = []
    for number, item in enumerate(report.media, start=1):
        where = f"第 {number} 条媒体报道"
        outlet = _required(item.outlet, f"{where}的媒体名称", field="media")
        title = _required(item.title, f"{where}的标题", field="media")
        url = (item.url or "").strip()
        if not is_web_url(url):
            raise DomainError(
                f"{where}的网址只能是以 http:// 或 https:// 开头的网页地址。", field="media"
            )
        if item.published_on is None:
            raise DomainError(f"请填写{where}的日期。", field="media")
        if item.published_on < held_on:
            raise DomainError(f"{where}的日期早于活动开展日期，请核对。", field="media")
        if item.published_on > today:
            raise DomainError(f"{where}的日期晚于今天，请核对。", field="media")
        media.append(MediaInput(outlet, title, url, item.published_on))
    return media


def _check_held_on(activity: Activity, held_on: dt.date | None, today: dt.date) -> dt.date:
    if held_on is None:
        raise DomainError("请填写开展日期。", field="held_on")
    if held_on > today:
        raise DomainError(
            f"开展日期 {held_on:%Y-%m-%d} 还没有到，不能报送活动情况。", field="held_on"
        )
    check_campaign_date(activity, held_on, "held_on")
    return held_on


def _kept(existing: list, wanted: list[int], what: str, name: str) -> list:
    by_pk = {item.pk: item for item in existing}
    unknown = [pk for pk in wanted if pk not in by_pk]
    if unknown:
        raise DomainError(f"要保留的{what}不存在，请刷新页面后重新填写。", field=name)
    return [by_pk[pk] for pk in dict.fromkeys(wanted)]


def _write_photos(
    record: ActivityReport, report: ReportInput, files: FileJournal, existing: list[ReportPhoto]
) -> int:
    kept = _kept(existing, report.keep_photo_ids, "照片", "photos")
    total = len(kept) + len(report.photos)
    if total < MIN_PHOTOS:
        raise DomainError("请上传至少 1 张活动照片。", field="photos")
    if total > MAX_PHOTOS:
        raise DomainError(
            f"活动照片最多 {MAX_PHOTOS} 张，本次共 {total} 张，请删减后再报送。", field="photos"
        )
    for photo in existing:
        if photo not in kept:
            files.drop_after_commit(photo.image)
            files.drop_after_commit(photo.thumbnail)
            photo.delete()
    for position, photo in enumerate(kept):
        if photo.position != position:
            photo.position = position
            photo.save(update_fields=["position"])
    new = []
    for position, processed in enumerate(report.photos, start=len(kept)):
        photo = ReportPhoto(
            report=record,
            position=position,
            original_name=processed.name,
            width=processed.width,
            height=processed.height,
        )
        files.save(photo.image, fresh_name(processed.suffix), processed.image)
        files.save(photo.thumbnail, fresh_name(".jpg"), processed.thumbnail)
        new.append(photo)
    ReportPhoto.objects.bulk_create(new)
    return total


def _write_attachments(
    record: ActivityReport,
    report: ReportInput,
    files: FileJournal,
    existing: list[ReportAttachment],
) -> None:
    kept = _kept(existing, report.keep_attachment_ids, "附件", "attachments")
    total = len(kept) + len(report.attachments)
    if total > MAX_ATTACHMENTS:
        raise DomainError(
            f"附件最多 {MAX_ATTACHMENTS} 个，本次共 {total} 个。", field="attachments"
        )
    for attachment in existing:
        if attachment not in kept:
            files.drop_after_commit(attachment.file)
            attachment.delete()
    new = []
    for position, checked in enumerate(report.attachments, start=len(kept)):
        attachment = ReportAttachment(
            report=record,
            position=position,
            original_name=checked.name,
            kind=AttachmentKind(checked.suffix.lstrip(".")),
            size=checked.size,
        )
        files.save(attachment.file, fresh_name(checked.suffix), checked.file)
        new.append(attachment)
    ReportAttachment.objects.bulk_create(new)


def _write_video(record: ActivityReport, report: ReportInput, files: FileJournal) -> None:
    video_url = (report.video_url or "").strip()
    if video_url and not is_web_url(video_url):
        raise DomainError(
            "视频链接只能是以 http:// 或 https:// 开头的网页地址。", field="video_url"
        )
    record.video_url = video_url
    if report.video is not None:
        files.drop_after_commit(record.video)
        files.save(record.video, fresh_name(report.video.suffix), report.video.file)
        record.video_name = report.video.name
    elif not report.keep_video and record.video:
        files.drop_after_commit(record.video)
        record.video, record.video_name = "", ""


def activity_report(
    *,
    actor,
    activity: Activity,
    report: ReportInput,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Activity:
    """Submit the report; ``on`` is the day it counts as handed in (default: today)."""
    today = today or timezone.localdate()
    on = on or today

    with transaction.atomic(), file_journal() as files:

        def apply(locked: Activity) -> dict:
            held_on = _check_held_on(locked, report.held_on, today)
            attendance = _check_numbers(locked, report)
            media = _check_media(report, held_on, today)
            summary = _required(report.summary, "活动概况", "summary")
            record = ActivityReport.objects.filter(activity=locked).first() or ActivityReport(
                activity=locked
            )
            existing_photos = list(record.photos.all()) if record.pk else []
            existing_attachments = list(record.attachments.all()) if record.pk else []
            record.held_on, record.headcount = held_on, report.headcount
            record.staff_count = report.staff_count
            record.other_groups = (report.other_groups or "").strip()
            record.summary = summary
            record.practices = (report.practices or "").strip()
            record.effects = (report.effects or "").strip()
            record.submitted_on = on
            record.submitted_by = _person(actor)
            _write_video(record, report, files)
            record.save()
            ReportAttendance.objects.filter(report=record).delete()
            ReportAttendance.objects.bulk_create(
                ReportAttendance(report=record, group=group, count=count)
                for group, count in attendance.items()
            )
            MediaReport.objects.filter(report=record).delete()
            MediaReport.objects.bulk_create(
                MediaReport(
                    report=record,
                    position=position,
                    outlet=item.outlet,
                    title=item.title,
                    url=item.url,
                    published_on=item.published_on,
                )
                for position, item in enumerate(media)
            )
            photos = _write_photos(record, report, files, existing_photos)
            _write_attachments(record, report, files, existing_attachments)
            locked.held_on = held_on
            return {
                "reported_on": on.isoformat(),
                "headcount": report.headcount,
                "media_count": len(media),
                "photo_count": photos,
            }

        activity = _transition(
            actor=actor, activity=activity, target=ActivityState.REPORTED, apply=apply
        )
        _mark_done(activity, DeadlineKind.REPORT, on)
        first = min((item.published_on for item in report.media), default=None)
        if first is not None:
            activity_record_publicity(actor=actor, activity=activity, on=first)
    return activity
