"""Forms of the staff activity pages: one per lifecycle action (``FORMS``).

Small actions are forms on the activity page (``actions``); filing, the notice and the report
have pages of their own (``pages``).
"""

from openday.activities.forms.actions import (
    AcceptForm,
    CancelForm,
    HoldForm,
    PostponeForm,
    PublishForm,
    ReturnForm,
    ScheduleForm,
    TransitionForm,
)
from openday.activities.forms.pages import (
    FilingForm,
    MediaFormSet,
    NoticeForm,
    PageForm,
    ReportForm,
    media_formset,
)

FORMS: dict[str, type[TransitionForm]] = {
    form.action: form
    for form in (
        ScheduleForm,
        FilingForm,
        NoticeForm,
        HoldForm,
        ReportForm,
        AcceptForm,
        ReturnForm,
        PublishForm,
        PostponeForm,
        CancelForm,
    )
}

__all__ = [
    "FORMS",
    "FilingForm",
    "MediaFormSet",
    "NoticeForm",
    "PageForm",
    "ReportForm",
    "TransitionForm",
    "media_formset",
]
