"""The three actions with materials, each on a page of its own: filing (方案报备), the public
notice (活动预告) and the report (活动情况).

Uploads are checked here, file by file, so every bad file is named at once; the checked
results (``CheckedFile``, ``ProcessedImage``) go to the service, which applies the rules that
need the database (the campaign's minimum staff, dates against the held date, how many photos
in all) and stores everything or nothing. Browsers never refill file inputs, so after any error
the page says which files must be chosen again.
"""

from django import forms
from django.forms import formset_factory

from openday.activities import uploads
from openday.activities.enums import ReportGroup
from openday.activities.forms.actions import TransitionForm
from openday.activities.forms.fields import (
    MultipleFileField,
    SingleFileField,
    char_field,
    count_field,
    date_field,
    text_field,
    time_field,
)
from openday.activities.models import (
    Activity,
    ActivityFiling,
    ActivityNotice,
    ActivityReport,
    NoticeText,
)
from openday.activities.selectors import open_submission
from openday.activities.services import (
    FilingInput,
    MediaInput,
    NoticeInput,
    ReportInput,
    check_phone,
)
from openday.activities.services.report import MAX_ATTACHMENTS, MAX_PHOTOS, is_web_url
from openday.activities.uploads import (
    UploadError,
    check_attachment,
    check_filing_document,
    check_video,
    process_photo,
)
from openday.core.errors import DomainError
from openday.core.forms import Form

DOCUMENT_ACCEPT = ".docx,.pdf,application/pdf"
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
ATTACHMENT_ACCEPT = ".docx,.pdf,.xlsx"


def _joined(items) -> str:
    return "、".join(str(item) for item in items)


class PageForm(TransitionForm):
    has_page = True
    # Names of the upload fields, for "choose these files again" after an error.
    upload_fields: tuple[str, ...] = ()

    def chosen_uploads(self) -> list[str]:
        """Labels of the upload fields the user had filled in this post."""
        if not self.is_bound:
            return []
        return [
            self.fields[name].label.split("（")[0]
            for name in self.upload_fields
            if self.files.getlist(self.add_prefix(name))
        ]


# --- Filing ---------------------------------------------------------------------------------


class FilingForm(PageForm):
    action = "file"
    hint = "上传具体活动方案，写明分管领导、责任科室和具体负责人，报公开办备案。"
    upload_fields = ("document",)

    document = SingleFileField(label="具体活动方案（.docx 或 .pdf）", accept=DOCUMENT_ACCEPT)
    leader = char_field("分管领导", max_length=60)
    section = char_field("责任科室", max_length=100)
    person = char_field("具体负责人", max_length=60)
    phone = char_field("联系电话", max_length=40, inputmode="tel", autocomplete="tel")
    comment = text_field("报备说明（选填）", required=False)

    def __init__(self, *args, activity: Activity, **kwargs):
        latest = ActivityFiling.objects.filter(activity=activity).first()
        if latest is not None:
            # Filing again after a postponement: the same people usually answer for it.
            kwargs.setdefault(
                "initial",
                {f: getattr(latest, f) for f in ("leader", "section", "person", "phone")},
            )
        super().__init__(*args, activity=activity, **kwargs)
        limit = _mb(uploads.filing_max_bytes())
        self.fields["document"].help_text = f"Word（.docx）或 PDF 文件，不超过 {limit} MB。"
        self.fields["phone"].help_text = "手机号码或带区号的固定电话，仅公开办和本单位可见。"

    def clean_document(self):
        try:
            return check_filing_document(self.cleaned_data["document"])
        except UploadError as error:
            raise forms.ValidationError(error.message) from error

    def clean_phone(self):
        try:
            return check_phone(self.cleaned_data["phone"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from error

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "filing": FilingInput(
                document=data["document"],
                leader=data["leader"],
                section=data["section"],
                person=data["person"],
                phone=data["phone"],
                comment=data["comment"],
            )
        }


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


# --- Notice ---------------------------------------------------------------------------------


class NoticeForm(PageForm):
    action = "announce"
    hint = "活动预告将在公开专栏“近期活动”中对外发布，请核对后提交。"
    date_fields = ("held_on",)

    theme = char_field("活动主题", max_length=300, size=60)
    host = char_field("主办单位", max_length=300, size=60)
    held_on = date_field("活动日期")
    start_time = time_field("开始时间", required=True)
    end_time = time_field("结束时间")
    venue = char_field("活动地点", max_length=200, size=60)
    audience = text_field("邀请对象", required=True, max_length=1000)
    content = text_field("活动内容", required=True, max_length=5000, rows=5)
    form = char_field("活动形式", max_length=200)
    signup = text_field("报名方式", required=True, max_length=1000)
    contact = char_field("咨询联系方式", max_length=200, size=60)

    def __init__(self, *args, activity: Activity, **kwargs):
        kwargs.setdefault("initial", notice_initial(activity))
        super().__init__(*args, activity=activity, **kwargs)
        self.fields["held_on"].help_text = "活动日期与已确定的日期一致；如需改期，请先办理延期。"
        self.fields["audience"].help_text = "如：人大代表、政协委员、企业代表、群众代表等。"
        self.fields["signup"].help_text = "如：电话报名、现场报名，截止时间和名额。"
        self.fields["contact"].help_text = "对外公布，请填写单位办公电话，不要填写个人手机。"

    def arguments(self) -> dict:
        return {"notice": NoticeInput(**self.cleaned_data)}


def notice_initial(activity: Activity) -> dict:
    """The notice the unit handed in for review (returned or waiting), else as last published,
    else drafted from what the activity already says."""
    notice = open_submission(activity) or ActivityNotice.objects.filter(activity=activity).first()
    if notice is not None:
        initial = {name: getattr(notice, name) for name in NoticeText.TEXT_FIELDS}
        initial["held_on"] = activity.scheduled_on or notice.held_on
        return initial
    return {
        "theme": activity.title,
        "host": _joined(host.text for host in activity.hosts.all()),
        "held_on": activity.scheduled_on,
        "start_time": activity.start_time,
        "end_time": activity.end_time,
        "venue": activity.venue,
        "content": activity.brief,
        "form": _joined(form.text for form in activity.forms.all()),
    }


# --- Report ---------------------------------------------------------------------------------


class MediaForm(Form):
    outlet = char_field("媒体名称", max_length=100)
    title = char_field("报道标题", max_length=300)
    url = char_field("报道网址", max_length=500, inputmode="url", placeholder="https://")
    published_on = date_field("报道日期")

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not is_web_url(url):
            raise forms.ValidationError("网址只能是以 http:// 或 https:// 开头的网页地址。")
        return url


class BaseMediaFormSet(forms.BaseFormSet):
    """Rows left blank are skipped; a row filled in part says what it lacks."""

    # How the error summary names a row, and where the formset's own errors point.
    row_label = "第 {number} 条媒体报道"
    summary_anchor = "media-h"

    def _construct_form(self, i, **kwargs):
        kwargs["empty_permitted"] = True
        kwargs["use_required_attribute"] = False
        return super()._construct_form(i, **kwargs)

    def entries(self) -> list[MediaInput]:
        return [
            MediaInput(**form.cleaned_data)
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


MAX_MEDIA = 100
MediaFormSet = formset_factory(
    MediaForm,
    formset=BaseMediaFormSet,
    extra=0,
    max_num=MAX_MEDIA,
    absolute_max=MAX_MEDIA,
    validate_max=True,
)
BLANK_MEDIA_ROWS = 2


def media_formset(activity: Activity, data=None) -> forms.BaseFormSet:
    """Bound: the rows posted. Unbound: the rows of the earlier report and blank rows."""
    if data is not None:
        formset = MediaFormSet(data, prefix="media")
    else:
        report = ActivityReport.objects.filter(activity=activity).first()
        rows = list(report.media.values("outlet", "title", "url", "published_on")) if report else []
        formset = MediaFormSet(prefix="media", initial=rows)
        formset.extra = BLANK_MEDIA_ROWS
    for form in formset.forms:
        form.fields["published_on"].widget.attrs.update(
            min=f"{activity.campaign.year}-01-01", max=f"{activity.campaign.year + 1}-12-31"
        )
    return formset


def _attendance_name(group: str) -> str:
    return f"attend_{group}"


class ReportForm(PageForm):
    action = "report"
    hint = "活动结束后，按要求报送活动情况、照片和宣传报道，公开办审核后在专栏发布。"
    date_fields = ("held_on",)
    upload_fields = ("photos", "video", "attachments")

    held_on = date_field("开展日期")
    headcount = count_field("活动覆盖人数（人）")
    staff_count = count_field("现场工作人员（人）")
    other_groups = char_field("其他参加人员说明（选填）", max_length=200, required=False)
    summary = text_field("活动概况", required=True, max_length=5000, rows=5)
    practices = text_field("经验做法（选填）", required=False, max_length=5000, rows=4)
    effects = text_field("工作实效（选填）", required=False, max_length=5000, rows=4)
    photos = MultipleFileField(
        label="活动照片（JPEG、PNG 或 WebP）",
        max_files=MAX_PHOTOS,
        what="照片",
    )
    keep_photos = forms.TypedMultipleChoiceField(
        label="已上传的照片", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    video = SingleFileField(label="活动视频（MP4，选填）", required=False, accept="video/mp4")
    keep_video = forms.BooleanField(label="保留已上传的视频", required=False)
    video_url = char_field(
        "视频链接（选填）", max_length=500, required=False, inputmode="url", placeholder="https://"
    )
    attachments = MultipleFileField(
        label="其他附件（.docx、.pdf 或 .xlsx，选填）",
        max_files=MAX_ATTACHMENTS,
        what="附件",
    )
    keep_attachments = forms.TypedMultipleChoiceField(
        label="已上传的附件", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        self.existing = ActivityReport.objects.filter(activity=activity).first()
        self.existing_photos = list(self.existing.photos.all()) if self.existing else []
        self.existing_attachments = list(self.existing.attachments.all()) if self.existing else []
        kwargs.setdefault("initial", self._initial(activity))
        super().__init__(*args, activity=activity, **kwargs)
        # One count per invited group, in the order the notices list them.
        for group in ReportGroup:
            self.fields[_attendance_name(group.value)] = count_field(group.label, required=False)
        self.order_fields(["held_on", "headcount", *self.attendance_names, "other_groups"])
        self.fields["photos"].widget.attrs["accept"] = PHOTO_ACCEPT
        self.fields["attachments"].widget.attrs["accept"] = ATTACHMENT_ACCEPT
        self.fields["keep_photos"].choices = [(p.pk, p.original_name) for p in self.existing_photos]
        self.fields["keep_attachments"].choices = [
            (a.pk, a.original_name) for a in self.existing_attachments
        ]
        self.fields["photos"].help_text = (
            f"共 1–{MAX_PHOTOS} 张，每张不超过 {_mb(uploads.photo_max_bytes())} MB、"
            f"{uploads.photo_max_pixels() // 1_000_000} 百万像素；"
            "上传后自动去除拍摄位置等 EXIF 信息。可一次选择多张。"
        )
        self.fields[
            "video"
        ].help_text = f"不超过 {_mb(uploads.video_max_bytes())} MB；视频较大时请改填视频链接。"
        self.fields[
            "attachments"
        ].help_text = (
            f"每个不超过 {_mb(uploads.attachment_max_bytes())} MB，最多 {MAX_ATTACHMENTS} 个。"
        )
        rules = getattr(activity.campaign, "rules", None)
        if rules and rules.min_staff:
            self.fields["staff_count"].help_text = f"实施方案要求不少于 {rules.min_staff} 人。"
        self.fields["headcount"].help_text = "参加和覆盖的总人数，含以下各类受邀人员。"

    @property
    def attendance_names(self) -> list[str]:
        return [_attendance_name(group.value) for group in ReportGroup]

    def attendance_fields(self):
        return [self[name] for name in self.attendance_names]

    def _kept(self, name: str) -> set[int]:
        return {int(value) for value in self[name].value() or [] if str(value).isdigit()}

    @property
    def kept_photos(self) -> set[int]:
        return self._kept("keep_photos")

    @property
    def kept_attachments(self) -> set[int]:
        return self._kept("keep_attachments")

    def _initial(self, activity: Activity) -> dict:
        report = self.existing
        if report is None:
            return {"held_on": activity.held_on}
        initial = {
            name: getattr(report, name)
            for name in [
                "held_on",
                "headcount",
                "staff_count",
                "other_groups",
                "summary",
                "practices",
                "effects",
                "video_url",
            ]
        }
        initial.update({_attendance_name(row.group): row.count for row in report.attendance.all()})
        initial["keep_photos"] = [p.pk for p in self.existing_photos]
        initial["keep_attachments"] = [a.pk for a in self.existing_attachments]
        initial["keep_video"] = bool(report.video)
        return initial

    def _checked(self, name: str, check) -> list:
        results, problems = [], []
        for upload in self.cleaned_data[name]:
            try:
                results.append(check(upload))
            except UploadError as error:
                problems.append(error.message)
        if problems:
            raise forms.ValidationError(problems)
        return results

    def clean_photos(self):
        return self._checked("photos", process_photo)

    def clean_attachments(self):
        return self._checked("attachments", check_attachment)

    def clean_video(self):
        upload = self.cleaned_data["video"]
        if not upload:
            return None
        try:
            return check_video(upload)
        except UploadError as error:
            raise forms.ValidationError(error.message) from error

    def clean_video_url(self):
        url = self.cleaned_data["video_url"].strip()
        if url and not is_web_url(url):
            raise forms.ValidationError("视频链接只能是以 http:// 或 https:// 开头的网页地址。")
        return url

    def arguments(self, media: list[MediaInput] | None = None) -> dict:
        data = self.cleaned_data
        return {
            "report": ReportInput(
                held_on=data["held_on"],
                headcount=data["headcount"],
                staff_count=data["staff_count"],
                summary=data["summary"],
                attendance={
                    group.value: data[_attendance_name(group.value)] or 0 for group in ReportGroup
                },
                other_groups=data["other_groups"],
                media=media or [],
                photos=data["photos"],
                keep_photo_ids=data["keep_photos"],
                practices=data["practices"],
                effects=data["effects"],
                video=data["video"],
                keep_video=data["keep_video"],
                video_url=data["video_url"],
                attachments=data["attachments"],
                keep_attachment_ids=data["keep_attachments"],
            )
        }
