"""The audit log's filter form (GET): choices come from the entries the user may read."""

from django import forms

from openday.core.forms import Form
from openday.workbench.audit import AuditFilter, FilterChoices


class DateInput(forms.DateInput):
    input_type = "date"


BAD_DATE = {"invalid": "请输入有效的日期，例如 2023-10-13。"}


class AuditFilterForm(Form):
    action = forms.ChoiceField(label="操作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    actor = forms.ChoiceField(label="操作人", required=False)
    date_from = forms.DateField(
        label="开始日期", required=False, widget=DateInput, error_messages=BAD_DATE
    )
    date_to = forms.DateField(
        label="结束日期", required=False, widget=DateInput, error_messages=BAD_DATE
    )

    def __init__(self, data, *, choices: FilterChoices):
        super().__init__(data)
        everything = [("", "全部")]
        self.fields["action"].choices = everything + choices.actions
        self.fields["object_type"].choices = everything + choices.object_types
        self.fields["actor"].choices = everything + [(a, a) for a in choices.actors]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data

    def audit_filter(self) -> AuditFilter:
        """The valid part of the input; a field with an error filters nothing."""
        self.is_valid()  # fills cleaned_data with the fields that passed
        data = self.cleaned_data
        return AuditFilter(
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            actor=data.get("actor") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
