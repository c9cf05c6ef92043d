"""Staff downloads of an activity's files: the filed plan, report photos, video, attachments.

Files live in the private storage (``core.storage``) and are only ever streamed from
here, after ``access_activity``: 404 for anyone who may not read the activity (another region,
another unit's liaison). The filed plan names people and their phones, so only the office and
the host unit get it (a superior viewer gets 403). Responses are private and never cached by
shared caches.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from openday.activities.models import ActivityFiling, ActivityReport, ReportAttachment, ReportPhoto
from openday.activities.permissions import access_activity, can_download_filing
from openday.activities.uploads import CONTENT_TYPES


def stream(fieldfile, *, filename: str, attachment: bool, public: bool = False) -> FileResponse:
    """The file of ``fieldfile`` as a response; a missing file is a 404, never a 500."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("文件不存在。") from error
    suffix = "." + fieldfile.name.rsplit(".", 1)[-1].lower() if "." in fieldfile.name else ""
    response = FileResponse(
        handle,
        as_attachment=attachment,
        filename=filename,
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response.headers["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    # Nothing in these files runs as a page, whatever a browser might guess.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@login_required
def activity_filing_document(request: HttpRequest, slug: str, seq: int, filing_id: int):
    activity = access_activity(request.user, slug, seq)
    if not can_download_filing(request.user, activity):
        raise Forbidden("活动方案仅公开办和承办单位可以下载。")
    filing = ActivityFiling.objects.filter(pk=filing_id, activity=activity).first()
    if filing is None:
        raise Http404("没有找到该活动方案。")
    return stream(filing.document, filename=filing.document_name, attachment=True)


@require_safe
@login_required
def activity_photo(request: HttpRequest, slug: str, seq: int, photo_id: int, size: str):
    activity = access_activity(request.user, slug, seq)
    photo = ReportPhoto.objects.filter(pk=photo_id, report__activity=activity).first()
    if photo is None:
        raise Http404("没有找到该照片。")
    fieldfile = photo.thumbnail if size == "thumb" else photo.image
    return stream(fieldfile, filename=photo.original_name, attachment=False)


@require_safe
@login_required
def activity_attachment(request: HttpRequest, slug: str, seq: int, attachment_id: int):
    activity = access_activity(request.user, slug, seq)
    attachment = ReportAttachment.objects.filter(
        pk=attachment_id, report__activity=activity
    ).first()
    if attachment is None:
        raise Http404("没有找到该附件。")
    return stream(attachment.file, filename=attachment.original_name, attachment=True)


@require_safe
@login_required
def activity_video(request: HttpRequest, slug: str, seq: int):
    activity = access_activity(request.user, slug, seq)
    report = ActivityReport.objects.filter(activity=activity).exclude(video="").first()
    if report is None:
        raise Http404("没有上传活动视频。")
    return stream(report.video, filename=report.video_name, attachment=True)
