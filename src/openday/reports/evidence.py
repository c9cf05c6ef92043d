"""The evidence pack (佐证材料包): one .zip an office hands to assessors.

What it holds, entry by entry:

- ``通知.txt`` (the notice as imported) and the campaign's own document, if any;
- the plan (附件1) as .xlsx and .docx, 附件2 as .xlsx, through the usual renderers;
- any further documents the caller adds (``EvidencePart``: the assessment's .xlsx — the
  assessment app is a sibling layer, so the front end that sees both hands it in);
- ``活动/<ref>-<title>/`` for every activity with a filing or a handed-in report: the filing
  in force, ``report.html`` (no phone number in full), the photos as stored and the
  attachments;
- ``媒体报道.csv`` and ``index.html``, which opens offline and links every entry.

It is written as a stream (``evidence_chunks``): each file is copied in chunks into the zip
and the zip's bytes are handed on as they come, so neither the files nor the archive ever sit
in memory whole. Stored files are opened through their storage (disk or object storage),
never by path. A stored file that is missing is left out and named in the index.

A report counts as 附件2 counts it: handed in (reported, accepted or published); its photos
are the pack's photos, so the index's photo count equals the reports'.
"""

import csv
import datetime as dt
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from openday.activities.enums import ActivityState
from openday.activities.models import Activity, ActivityFiling, ActivityReport
from openday.campaigns.models import Campaign
from openday.core.formats import date_label
from openday.core.text import csv_cell, mask_phones, strip_controls
from openday.orgs.selectors import office_name
from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_docx, render_xlsx
from openday.reports.statistics import (
    COUNTED_STATES,
    statistics_rows,
    statistics_table,
    statistics_title,
)

CHUNK = 64 * 1024
NAME_MAX = 60  # characters of one path segment (a title, a file's name)
ACTIVITIES_DIR = "活动"
NOTICE_NAME = "通知.txt"
MEDIA_NAME = "媒体报道.csv"
INDEX_NAME = "index.html"
# Already compressed: stored as they are, deflating them again costs time for nothing.
_STORED_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".mp4", ".zip", ".docx", ".xlsx", ".pdf"}
)

# What no file name in an archive may hold: separators and the characters Windows refuses.
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')
_BLANKS = re.compile(r"\s+")


def _one_line(text: str) -> str:
    """A title or a label as the pack shows it: one line, phone numbers masked."""
    return mask_phones(strip_controls(text or "", multiline=False)).strip()


def clean_name(text: str, *, limit: int = NAME_MAX, default: str = "未命名") -> str:
    """One path segment of an archive entry: no separators, no "..", no control or invisible
    characters, blanks folded, no leading/trailing dots or blanks, at most ``limit``
    characters."""
    text = mask_phones(unicodedata.normalize("NFC", text or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _BLANKS.sub(" ", _UNSAFE.sub("_", text))
    text = re.sub(r"_+", "_", re.sub(r"\.{2,}", "", text)).strip(" ._")
    text = text[:limit].rstrip(" .")
    return text or default


def _suffix(name: str) -> str:
    """The stored file's suffix (what it really is), lower case, or nothing."""
    suffix = posixpath.splitext(name or "")[1].lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def _file_name(label: str, stored_name: str) -> str:
    """``label`` (e.g. the uploader's file name) cleaned, with the stored file's suffix."""
    stem = posixpath.splitext(label or "")[0] if _suffix(label) else label
    suffix = _suffix(stored_name)
    return clean_name(stem, limit=NAME_MAX - len(suffix)) + suffix


class _Names:
    """Entry names handed out once each: a second "照片.jpg" in a folder is "照片（2）.jpg"."""

    def __init__(self):
        self.taken: set[str] = set()

    def claim(self, path: str) -> str:
        folder, name = posixpath.split(path)
        stem, suffix = posixpath.splitext(name)
        candidate, number = path, 1
        while candidate.casefold() in self.taken:
            number += 1
            candidate = posixpath.join(folder, f"{stem}（{number}）{suffix}")
        self.taken.add(candidate.casefold())
        return candidate


@dataclass(frozen=True)
class EvidencePart:
    """A document the caller adds at the top of the pack: its file name, what the index
    calls it, and a function that renders it (called while the zip is written)."""

    name: str
    label: str
    render: Callable[[], bytes]


@dataclass
class _Entry:
    name: str  # its path in the zip, claimed
    label: str
    source: object  # bytes, or a stored FieldFile
    missing: bool = False


@dataclass
class _Folder:
    activity: Activity
    path: str
    report: ActivityReport | None
    filing: ActivityFiling | None
    hosts: str
    entries: list[_Entry] = field(default_factory=list)
    report_entry: _Entry | None = None
    photo_entries: list[_Entry] = field(default_factory=list)


class _Pipe(io.RawIOBase):
    """A writable, non-seekable stream that keeps what the zip writes until it is taken:
    ``zipfile`` then writes each entry's sizes after its data (data descriptors)."""

    def __init__(self):
        super().__init__()
        self._chunks: list[bytes] = []
        self._offset = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def take(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


def _pack_activities(campaign: Campaign) -> list[Activity]:
    """Every activity of the campaign with its filings (newest first), hosts and report
    with photos, attachments, media and attendance: a fixed number of queries."""
    return list(
        Activity.objects.filter(campaign=campaign)
        .select_related("report")
        .prefetch_related(
            "hosts",
            Prefetch("filings", queryset=ActivityFiling.objects.order_by("-created_at", "-id")),
            "report__photos",
            "report__attachments",
            "report__media",
            "report__attendance",
        )
        .order_by("seq", "part_no")
    )


def _counted_report(activity: Activity) -> ActivityReport | None:
    if activity.state not in COUNTED_STATES:
        return None
    try:
        return activity.report
    except ActivityReport.DoesNotExist:
        return None


def _statistics_xlsx(campaign: Campaign) -> bytes:
    office = getattr(campaign.region, "office", None)
    table = statistics_table(
        campaign,
        statistics_rows(campaign),
        filler=office_name(campaign.region),
        contact=campaign.contact_name or (office.contact_person if office else ""),
        phone=campaign.contact_phone or campaign.contact_email or (office.phone if office else ""),
        with_hosts=True,
    )
    return render_xlsx(table)


def _href(target: str, start: str = "") -> str:
    """A relative link from the folder ``start`` to the entry ``target``, percent-encoded."""
    relative = posixpath.relpath(target, start or ".") if start else target
    return quote(relative, safe="/")


def _text_block(text: str) -> SafeString:
    """Free text of a report, masked and escaped, its paragraphs kept."""
    paragraphs = [p for p in mask_phones(strip_controls(text)).split("\n") if p.strip()]
    if not paragraphs:
        return mark_safe("<p>（无）</p>")
    return format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs))


_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.6}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .5em;"
    "text-align:left;vertical-align:top}"
)


def _page(title: str, body: SafeString) -> bytes:
    html = format_html(
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>{}</title><style>{}</style></head><body>{}</body></html>\n",
        title,
        mark_safe(_STYLE),  # noqa: S308 - constant markup
        body,
    )
    return html.encode("utf-8")


def _report_html(campaign: Campaign, folder: _Folder) -> bytes:
    activity, report = folder.activity, folder.report
    title = _one_line(activity.title)
    groups = [
        f"{row.get_group_display()} {row.count} 人" for row in report.attendance.all() if row.count
    ]
    if report.other_groups:
        groups.append(_one_line(report.other_groups))
    media = format_html_join(
        "",
        '<li>{}：<a href="{}">{}</a>（{}）</li>',
        (
            (
                _one_line(m.outlet),
                m.url,
                _one_line(m.title),
                date_label(m.published_on),
            )
            for m in report.media.all()
        ),
    )
    photos = format_html_join(
        "",
        '<li><a href="{}">{}</a>{}</li>',
        (
            (
                _href(entry.name, folder.path),
                posixpath.basename(entry.name),
                f" — {entry.label}",
            )
            for entry in folder.photo_entries
            if not entry.missing
        ),
    )
    video = (
        format_html('<p>视频链接：<a href="{}">{}</a></p>', report.video_url, report.video_url)
        if report.video_url
        else ""
    )
    body = format_html(
        '<p><a href="{}">返回目录</a></p><h1>{}. {}</h1><table>'
        "<tr><th>责任单位</th><td>{}</td></tr>"
        "<tr><th>开展日期</th><td>{}</td></tr>"
        "<tr><th>活动覆盖人数</th><td>{} 人</td></tr>"
        "<tr><th>现场工作人员</th><td>{} 人</td></tr>"
        "<tr><th>参加人员</th><td>{}</td></tr>"
        "<tr><th>报送日期</th><td>{}</td></tr></table>"
        "<h2>活动概况</h2>{}<h2>经验做法</h2>{}<h2>工作实效</h2>{}"
        "<h2>媒体报道（{} 条）</h2><ul>{}</ul>{}<h2>活动照片（{} 张）</h2><ul>{}</ul>",
        _href(INDEX_NAME, folder.path),
        activity.ref,
        title,
        folder.hosts,
        date_label(report.held_on),
        report.headcount,
        report.staff_count,
        "、".join(groups) or "—",
        date_label(report.submitted_on),
        _text_block(report.summary),
        _text_block(report.practices),
        _text_block(report.effects),
        len(report.media.all()),
        media,
        video,
        sum(1 for entry in folder.photo_entries if not entry.missing),
        photos,
    )
    return _page(f"{activity.ref}. {title} — 活动情况", body)


def _media_csv(folders: list[_Folder]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["序号", "活动主题", "媒体名称", "报道标题", "报道日期", "报道网址"])
    for folder in folders:
        if folder.report is None:
            continue
        for m in folder.report.media.all():
            writer.writerow(
                csv_cell(_one_line(value))
                for value in (
                    folder.activity.ref,
                    folder.activity.title,
                    m.outlet,
                    m.title,
                    m.published_on.isoformat(),
                    m.url,
                )
            )
    # With a BOM, so Excel reads the Chinese as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _index_html(
    campaign: Campaign, top: list[_Entry], folders: list[_Folder], today: dt.date
) -> bytes:
    def links(entries: Iterable[_Entry], start: str = "") -> SafeString:
        return format_html_join(
            "",
            "<li>{}</li>",
            (
                (
                    format_html("{}（文件缺失）", entry.label)
                    if entry.missing
                    else format_html('<a href="{}">{}</a>', _href(entry.name, start), entry.label),
                )
                for entry in entries
            ),
        )

    photo_count = sum(1 for f in folders for e in f.photo_entries if not e.missing)
    published = sum(1 for f in folders if f.activity.state == ActivityState.PUBLISHED)
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td><ul>{}</ul></td></tr>",
        (
            (
                f.activity.ref,
                _one_line(f.activity.title),
                f.hosts,
                f.activity.get_state_display(),
                date_label(f.report.held_on) if f.report else "—",
                f.report.headcount if f.report else "—",
                sum(1 for e in f.photo_entries if not e.missing),
                links(f.entries),
            )
            for f in folders
        ),
    )
    title = f"{campaign.region.name}{campaign.year}年“政务公开主题日”活动佐证材料"
    body = format_html(
        "<h1>{}</h1><p>生成日期：{}。共 {} 项活动有材料，其中已发布 {} 项；活动照片共 "
        '<span id="photo-count">{}</span> 张。</p>'
        "<h2>通知与报表</h2><ul>{}</ul>"
        "<h2>各项活动</h2><table><thead><tr><th>序号</th><th>活动主题</th><th>责任单位</th>"
        "<th>状态</th><th>开展日期</th><th>覆盖人数</th><th>照片</th><th>材料</th></tr>"
        "</thead><tbody>{}</tbody></table>",
        title,
        date_label(today),
        len(folders),
        published,
        photo_count,
        links(top),
        rows,
    )
    return _page(title, body)


def _folders(campaign: Campaign, names: _Names) -> list[_Folder]:
    """The activities that have a filing or a handed-in report, with their entries named."""
    folders = []
    for activity in _pack_activities(campaign):
        filings = list(activity.filings.all())
        report = _counted_report(activity)
        if not filings and report is None:
            continue
        path = names.claim(f"{ACTIVITIES_DIR}/{clean_name(f'{activity.ref}-{activity.title}')}")
        hosts = "、".join(host.text for host in activity.hosts.all())
        folder = _Folder(activity, path, report, filings[0] if filings else None, hosts)
        if folder.filing is not None and folder.filing.document:
            name = names.claim(f"{path}/活动方案{_suffix(folder.filing.document.name)}")
            folder.entries.append(_Entry(name, "活动方案", folder.filing.document))
        if report is not None:
            folder.report_entry = _Entry(names.claim(f"{path}/report.html"), "活动情况", b"")
            folder.entries.append(folder.report_entry)
            for photo in report.photos.all():
                label = _one_line(photo.caption or photo.original_name)
                name = names.claim(
                    f"{path}/照片/{photo.position + 1:02d}-"
                    f"{_file_name(photo.original_name, photo.image.name)}"
                )
                folder.photo_entries.append(_Entry(name, label or "照片", photo.image))
            folder.entries.extend(folder.photo_entries)
            for attachment in report.attachments.all():
                name = names.claim(
                    f"{path}/附件/{_file_name(attachment.original_name, attachment.file.name)}"
                )
                folder.entries.append(
                    _Entry(name, f"附件：{_one_line(attachment.original_name)}", attachment.file)
                )
        folders.append(folder)
    return folders


def _write(archive: zipfile.ZipFile, pipe: _Pipe, entry: _Entry) -> Iterator[bytes]:
    """Copy one entry into the zip, handing on the zip's bytes as they come. A stored file
    that cannot be opened is marked missing and leaves no entry."""
    info = zipfile.ZipInfo(entry.name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = (
        zipfile.ZIP_STORED if _suffix(entry.name) in _STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    )
    info.external_attr = 0o644 << 16
    if isinstance(entry.source, bytes):
        with archive.open(info, "w") as target:
            target.write(entry.source)
        yield pipe.take()
        return
    try:
        handle = entry.source.open("rb")
    except (OSError, ValueError):
        entry.missing = True
        return
    try:
        with archive.open(info, "w") as target:
            while chunk := handle.read(CHUNK):
                target.write(chunk)
                yield pipe.take()
    finally:
        handle.close()
    yield pipe.take()


def evidence_chunks(
    campaign: Campaign, *, today: dt.date, parts: Iterable[EvidencePart] = ()
) -> Iterator[bytes]:
    """The pack's zip, as byte chunks in order (some may be empty)."""
    names = _Names()
    top: list[_Entry] = []
    if campaign.source_text:
        text = mask_phones(strip_controls(campaign.source_text))
        top.append(_Entry(names.claim(NOTICE_NAME), "通知原文", text.encode("utf-8")))
    if campaign.document:
        name = names.claim(f"实施方案{_suffix(campaign.document.name)}")
        top.append(_Entry(name, "实施方案（原文件）", campaign.document))
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in top:
            yield from _write(archive, pipe, entry)
        plan = plan_table(campaign)
        generated = [
            ("计划表（附件1）.xlsx", "活动计划表（附件1，.xlsx）", lambda: render_xlsx(plan)),
            ("计划表（附件1）.docx", "活动计划表（附件1，.docx）", lambda: render_docx(plan)),
            (
                "活动情况统计表（附件2）.xlsx",
                f"{statistics_title(campaign)}（附件2）",
                lambda: _statistics_xlsx(campaign),
            ),
            *((part.name, part.label, part.render) for part in parts),
        ]
        for name, label, render in generated:
            entry = _Entry(names.claim(clean_name(name)), label, render())
            top.append(entry)
            yield from _write(archive, pipe, entry)
        folders = _folders(campaign, names)
        for folder in folders:
            for entry in folder.entries:
                if entry is not folder.report_entry:
                    yield from _write(archive, pipe, entry)
            if folder.report_entry is not None:
                # Written after the photos: it lists only those that were found.
                folder.report_entry.source = _report_html(campaign, folder)
                yield from _write(archive, pipe, folder.report_entry)
        media = _Entry(names.claim(MEDIA_NAME), "媒体报道链接（.csv）", _media_csv(folders))
        top.append(media)
        yield from _write(archive, pipe, media)
        index = _index_html(campaign, top, folders, today)
        yield from _write(archive, pipe, _Entry(names.claim(INDEX_NAME), "目录", index))
    yield pipe.take()


def write_evidence(
    campaign: Campaign, target, *, today: dt.date, parts: Iterable[EvidencePart] = ()
) -> int:
    """Write the pack into the binary file ``target``; the number of bytes written."""
    written = 0
    for chunk in evidence_chunks(campaign, today=today, parts=parts):
        if chunk:
            target.write(chunk)
            written += len(chunk)
    return written


def evidence_filename(campaign: Campaign) -> str:
    return f"{campaign.region.name}{campaign.year}年政务公开主题日佐证材料.zip"


__all__ = [
    "EvidencePart",
    "clean_name",
    "evidence_chunks",
    "evidence_filename",
    "mask_phones",
    "write_evidence",
]
