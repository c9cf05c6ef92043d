"""Fields shared by the activity forms, with their Chinese messages."""

from django import forms

COMMENT_MAX = 2000


def messages(label: str, max_length: int | None = None) -> dict[str, str]:
    found = {"required": f"请填写{label}。"}
    if max_length:
        found["max_length"] = f"{label}不能超过 {max_length} 个字。"
    return found


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            **messages(label),
            "invalid": f"{label}格式不正确，请按“2023-10-12”的格式填写。",
        },
    )


def time_field(label: str, *, required: bool = False) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            **messages(label),
            "invalid": f"{label}格式不正确，请按“09:30”的格式填写。",
        },
    )


def text_field(
    label: str, *, required: bool, max_length: int = COMMENT_MAX, rows: int = 2
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages(label, max_length),
    )


def char_field(label: str, *, max_length: int, required: bool = True, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs) if attrs else None,
        error_messages=messages(label, max_length),
    )


def count_field(label: str, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10_000_000,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        error_messages={
            **messages(label),
            "invalid": f"{label}请填写整数。",
            "min_value": f"{label}不能小于 0。",
            "max_value": f"{label}数值过大，请核对。",
        },
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by the form (``clean_<name>``)."""

    widget = MultipleFileInput

    def __init__(self, *, max_files: int, what: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.max_files, self.what = max_files, what

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if len(uploads) > self.max_files:
            raise forms.ValidationError(
                f"一次最多上传 {self.max_files} 个{self.what}，本次选择了 {len(uploads)} 个。"
            )
        return uploads


class SingleFileField(forms.FileField):
    """One file, checked by the form; the browser never refills it after an error."""

    def __init__(self, *, label: str, required: bool = True, accept: str = "", **kwargs):
        attrs = {"accept": accept} if accept else {}
        super().__init__(
            label=label,
            required=required,
            allow_empty_file=True,  # the form's check names the empty file
            widget=forms.FileInput(attrs=attrs),
            error_messages={"required": f"请选择{label.split('（')[0]}文件。"},
            **kwargs,
        )
