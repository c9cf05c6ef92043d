"""Forms of the declaration pages. They parse what staff type; the rules live in the services,
whose errors come back onto the field they name (``core.forms.add_domain_error``, with the
item rows for ``items.<index>.<field>``)."""

from django import forms

from openday.campaigns.models import Campaign
from openday.core.forms import Form
from openday.declarations.services import (
    BRIEF_MAX,
    COMMENT_MAX,
    CONTACT_MAX,
    MAX_ITEMS,
    TITLE_MAX,
    ItemInput,
)
from openday.declarations.uploads import ACCEPT, size_label, stamp_max_bytes

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = [(str(m), f"{m}月") for m in range(1, 13)]


def _messages(label: str, max_length: int | None = None) -> dict[str, str]:
    messages = {"required": f"请填写{label}。"}
    if max_length:
        messages["max_length"] = f"{label}不能超过 {max_length} 个字。"
    return messages


def _month_field(label: str, empty: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", empty), *MONTHS],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": f"{label}应为 1-12 月。"},
    )


class DeclarationForm(Form):
    """The head of the 申报表: who to contact, and the stamped scan."""

    contact_person = forms.CharField(
        label="联系人",
        max_length=CONTACT_MAX,
        required=False,
        error_messages=_messages("联系人", CONTACT_MAX),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=40,
        required=False,
        error_messages=_messages("联系电话", 40),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    stamp = forms.FileField(
        label="盖章申报表（填报单位公章）",
        required=False,
        allow_empty_file=True,  # the service says "是空的" in its own words
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, requires_stamp: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        need = "须上传" if requires_stamp else "选填"
        limit = size_label(stamp_max_bytes())
        self.fields[
            "stamp"
        ].help_text = f"{need}：加盖公章后扫描或拍照，PDF、JPG 或 PNG，不超过 {limit}。"


class ItemForm(Form):
    """One row of the 申报表. A row left entirely blank is not a theme and is dropped."""

    title = forms.CharField(
        label="活动主题",
        max_length=TITLE_MAX,
        required=False,
        error_messages=_messages("活动主题", TITLE_MAX),
    )
    month_start = _month_field("开始月份", "请选择")
    month_end = _month_field("结束月份", "同开始月份")
    form_text = forms.ChoiceField(label="活动形式", required=False)
    category = forms.ChoiceField(label="主题类别", required=False)
    brief = forms.CharField(
        label="活动简介",
        max_length=BRIEF_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_messages("活动简介", BRIEF_MAX),
    )

    def __init__(self, *args, campaign: Campaign, categories: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        names = list(campaign.forms.order_by("position").values_list("name", flat=True))
        if names:
            self.fields["form_text"].choices = [("", "请选择"), *[(n, n) for n in names]]
            self.fields["form_text"].error_messages["invalid_choice"] = (
                "请从本次活动允许的形式中选择。"
            )
        else:
            # An open list of forms: the unit describes its own.
            self.fields["form_text"] = forms.CharField(
                label="活动形式", max_length=40, required=False
            )
        if categories:
            self.fields["category"].choices = [("", "请选择"), *[(c, c) for c in categories]]
            self.fields["category"].error_messages["invalid_choice"] = (
                "请从本次活动的主题类别中选择。"
            )
        else:
            del self.fields["category"]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) for name in self.fields if name != "DELETE")

    def item(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            title=data.get("title") or "",
            month_start=data.get("month_start"),
            month_end=data.get("month_end"),
            form_text=data.get("form_text") or "",
            brief=data.get("brief") or "",
            category=data.get("category") or "",
        )


class BaseItemFormSet(forms.BaseFormSet):
    # How the error summary names a row: as the page's legend does.
    row_label = "第 {number} 项"

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if self.can_delete:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = "删除此项"

    def items(self) -> tuple[list[ItemInput], list[int]]:
        """The rows that are themes, and for each the index of its form on the page. A row
        ticked 删除此项 is no theme, whatever it holds."""
        items, positions = [], []
        for index, form in enumerate(self.forms):
            if self._should_delete_form(form) or form.is_blank():
                continue
            items.append(form.item())
            positions.append(index)
        return items, positions


ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=0,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
    can_delete=True,
)


def item_formset(campaign: Campaign, categories: list[str], *, data=None, initial=None):
    return ItemFormSet(
        data,
        initial=initial,
        prefix="items",
        form_kwargs={"campaign": campaign, "categories": categories},
    )


class WindowForm(Form):
    closes_on = forms.DateField(
        label="申报截止日期",
        required=False,
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        widget=DATE_INPUT,
        help_text="截止日当天仍可提交。",
        error_messages={"invalid": "申报截止日期格式不正确，请按“2023-03-31”的格式填写。"},
    )
    requires_stamp = forms.BooleanField(
        label="须上传加盖填报单位公章的申报表扫描件", required=False
    )
    note = forms.CharField(
        label="申报说明（选填）",
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_messages("申报说明", COMMENT_MAX),
    )


class ReviewForm(Form):
    comment = forms.CharField(
        label="审核意见（选填）",
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_messages("审核意见", COMMENT_MAX),
    )

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("auto_id", f"id_{action}_%s")
        super().__init__(*args, **kwargs)
        self.action = action
        if action == "return":
            self.fields["comment"].label = "退回原因"
            self.fields["comment"].error_messages = _messages("退回原因", COMMENT_MAX)


class MergeForm(Form):
    items = forms.TypedMultipleChoiceField(
        label="要合并的主题",
        coerce=int,
        # The page draws the choices as a table of checkboxes; errors point at the table.
        widget=forms.CheckboxSelectMultiple(attrs={"id": "merge-items"}),
        error_messages={
            "required": "请至少选择两个主题进行合并。",
            "invalid_choice": "所选主题不在可合并的主题中，请刷新页面后重试。",
        },
    )
    title = forms.CharField(
        label="合并后的活动主题",
        max_length=TITLE_MAX,
        error_messages=_messages("合并后的活动主题", TITLE_MAX),
    )
    month_start = _month_field("开始月份", "按所选主题")
    month_end = _month_field("结束月份", "按所选主题")
    brief = forms.CharField(
        label="活动简介（选填，默认合并各单位简介）",
        max_length=BRIEF_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_messages("活动简介", BRIEF_MAX),
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = choices
