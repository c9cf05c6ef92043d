"""Forms of the office's work on what is public: the review of a unit's 活动预告, withdrawals,
corrections (更正), the choice of public photos and 督办. Like the action forms they only parse;
the services decide (``DomainError`` comes back on the field it names)."""

import copy

from django import forms

from openday.activities.forms.actions import TransitionForm
from openday.activities.forms.fields import messages, text_field
from openday.activities.forms.pages import NoticeForm, ReportForm
from openday.activities.lifecycle import ACTION_LABELS, EVENT_LABELS
from openday.activities.models import Activity, ActivityNotice, ActivityReport, ReportPhoto
from openday.activities.selectors import host_unit_list
from openday.activities.services.corrections import (
    MAX_CAPTION,
    MAX_URGE_MESSAGE,
    NOTICE_CORRECTABLE,
    REPORT_CORRECTABLE,
    PhotoChoice,
)


class OfficeForm(TransitionForm):
    """Base of these forms: labelled by the history's wording of their action."""

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.action) or ACTION_LABELS[self.action]


class NoticeApproveForm(OfficeForm):
    action = "notice_approve"
    submit_label = "审核通过并公开"
    hint = "预告内容无误，在公开专栏“近期活动”中发布。"

    comment = text_field("审核意见（选填）", required=False)


class NoticeReturnForm(OfficeForm):
    action = "notice_return"
    hint = "预告需要修改，退回承办单位；退回意见将告知承办单位联络员。"

    comment = text_field("退回意见", required=True)


class NoticeWithdrawForm(OfficeForm):
    action = "notice_withdraw"
    submit_label = "撤回预告"
    hint = "预告从公开专栏撤下；撤回原因记入办理记录。"

    reason = text_field("撤回原因", required=True)


class ReportWithdrawForm(OfficeForm):
    action = "withdraw"
    submit_label = "撤回报道"
    hint = "活动报道从公开专栏撤下，活动回到“已审核通过”，更正后可重新发布；撤回原因记入办理记录。"

    reason = text_field("撤回原因", required=True)


class UrgeForm(OfficeForm):
    action = "urge"
    submit_label = "发送督办"
    hint = "就本活动提醒责任单位联络员，通过站内信和其选择的渠道送达。"

    unit = forms.TypedChoiceField(
        label="督办单位",
        coerce=int,
        error_messages={
            "required": "请选择督办的单位。",
            "invalid_choice": "请选择本活动的责任单位。",
        },
    )
    message = text_field("督办内容", required=True, max_length=MAX_URGE_MESSAGE, rows=3)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, activity=activity, **kwargs)
        self.units = {unit.pk: unit for unit in host_unit_list(activity)}
        self.fields["unit"].choices = [(pk, unit.name) for pk, unit in self.units.items()]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"unit": self.units[data["unit"]], "message": data["message"]}


# --- Corrections ----------------------------------------------------------------------------


class CorrectionForm(OfficeForm):
    """A correction of published words. Its fields are those of the form the words were first
    written in (same labels, limits and required fields), filled with what is public now,
    followed by the correction's public note."""

    has_page = True
    submit_label = "发布更正"
    # The form the words were written in, their record, and which of them may be corrected.
    source_form: type[forms.Form]
    record_model: type
    correctable: tuple[str, ...] = ()

    note = text_field("更正说明（选填，公开显示）", required=False, max_length=500)

    def __init__(self, *args, activity: Activity, **kwargs):
        record = self.record_model.objects.filter(activity=activity).first()
        if record is not None:
            kwargs.setdefault("initial", {name: getattr(record, name) for name in self.correctable})
        super().__init__(*args, activity=activity, **kwargs)
        words = {
            name: copy.deepcopy(self.source_form.base_fields[name]) for name in self.correctable
        }
        self.fields = {**words, **self.fields}

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"values": {name: data[name] for name in self.correctable}, "note": data["note"]}


class NoticeCorrectionForm(CorrectionForm):
    action = "notice_correct"
    hint = "修改已发布预告的文字；公开页面将显示“更正于”日期和修改内容。活动日期需通过延期办理。"
    source_form = NoticeForm
    record_model = ActivityNotice
    correctable = NOTICE_CORRECTABLE


class ReportCorrectionForm(CorrectionForm):
    action = "report_correct"
    hint = "修改已发布报道的文字；公开页面将显示“更正于”日期和修改内容。"
    source_form = ReportForm
    record_model = ActivityReport
    correctable = REPORT_CORRECTABLE


# --- Photos ---------------------------------------------------------------------------------


class PhotosForm(OfficeForm):
    """One "public" box and one caption per photo of the report, in its order."""

    action = "photos"
    has_page = True
    submit_label = "保存照片设置"
    hint = "勾选在公开专栏展示的照片，可为每张照片填写说明；未勾选的照片仅工作人员可见。"

    def __init__(self, *args, activity: Activity, **kwargs):
        self.photos = list(
            ReportPhoto.objects.filter(report__activity=activity).order_by("position", "id")
        )
        kwargs.setdefault(
            "initial",
            {
                **{f"public_{p.pk}": p.public for p in self.photos},
                **{f"caption_{p.pk}": p.caption for p in self.photos},
            },
        )
        super().__init__(*args, activity=activity, **kwargs)
        for number, photo in enumerate(self.photos, start=1):
            self.fields[f"public_{photo.pk}"] = forms.BooleanField(
                label=f"第 {number} 张在专栏公开", required=False
            )
            self.fields[f"caption_{photo.pk}"] = forms.CharField(
                label=f"第 {number} 张照片说明",
                required=False,
                max_length=MAX_CAPTION,
                error_messages=messages(f"第 {number} 张照片说明", MAX_CAPTION),
            )

    def rows(self):
        """(photo, its "public" box, its caption) for the template."""
        return [
            (photo, self[f"public_{photo.pk}"], self[f"caption_{photo.pk}"])
            for photo in self.photos
        ]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "choices": [
                PhotoChoice(
                    photo_id=photo.pk,
                    public=data[f"public_{photo.pk}"],
                    caption=data[f"caption_{photo.pk}"],
                )
                for photo in self.photos
            ]
        }
