"""Staff downloads of an activity's files: the filed plan, report photos, video, attachments.

Files live in the private storage (``core.storage``) and are only ever streamed from
here, after ``access_activity``: 404 for anyone who may not read the activity (another region,
another unit's liaison). The filed plan names people and their phones, so only the office and
the host unit get it (a superior viewer gets 403). Responses are private and never cached by
shared caches (``core.http.stream``).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from openday.activities.models import ActivityFiling, ActivityReport, ReportAttachment, ReportPhoto
from openday.activities.permissions import access_activity, can_download_filing
from openday.core.http import stream


@require_safe
@login_required
def activity_filing_document(
    request: HttpRequest, slug: str, seq: int, filing_id: int
) -> FileResponse:
    activity = access_activity(request.scope, slug, seq)
    if not can_download_filing(request.scope, activity):
        raise PermissionDenied("活动方案仅公开办和承办单位可以下载。")
    filing = ActivityFiling.objects.filter(pk=filing_id, activity=activity).first()
    if filing is None:
        raise Http404("没有找到该活动方案。")
    return stream(filing.document, filename=filing.document_name, attachment=True)


@require_safe
@login_required
def activity_photo(
    request: HttpRequest, slug: str, seq: int, photo_id: int, size: str
) -> FileResponse:
    activity = access_activity(request.scope, slug, seq)
    photo = ReportPhoto.objects.filter(pk=photo_id, report__activity=activity).first()
    if photo is None:
        raise Http404("没有找到该照片。")
    fieldfile = photo.thumbnail if size == "thumb" else photo.image
    return stream(fieldfile, filename=photo.original_name, attachment=False)


@require_safe
@login_required
def activity_attachment(
    request: HttpRequest, slug: str, seq: int, attachment_id: int
) -> FileResponse:
    activity = access_activity(request.scope, slug, seq)
    attachment = ReportAttachment.objects.filter(
        pk=attachment_id, report__activity=activity
    ).first()
    if attachment is None:
        raise Http404("没有找到该附件。")
    return stream(attachment.file, filename=attachment.original_name, attachment=True)


@require_safe
@login_required
def activity_video(request: HttpRequest, slug: str, seq: int) -> FileResponse:
    activity = access_activity(request.scope, slug, seq)
    report = ActivityReport.objects.filter(activity=activity).exclude(video="").first()
    if report is None:
        raise Http404("没有上传活动视频。")
    return stream(report.video, filename=report.video_name, attachment=True)
