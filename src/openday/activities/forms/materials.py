"""The office's upload of the campaign's LOGO."""

from django import forms

from openday.activities import uploads
from openday.activities.forms.fields import SingleFileField
from openday.core.forms import Form


class LogoForm(Form):
    logo = SingleFileField(label="活动LOGO（PNG 或 JPG）", accept="image/png,image/jpeg")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_logo_%s")
        super().__init__(*args, **kwargs)
        limit = uploads.logo_max_bytes() / (1024 * 1024)
        self.fields["logo"].help_text = f"PNG 或 JPG 图片，不超过 {limit:g} MB。"

    def clean_logo(self):
        try:
            return uploads.check_logo(self.cleaned_data["logo"])
        except uploads.UploadError as error:
            raise forms.ValidationError(error.message) from error
