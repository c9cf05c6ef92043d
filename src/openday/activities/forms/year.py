"""The form of closing a year: the closing date and, per unfinished activity never held, the
office's decision — keep it (it reads 未开展) or cancel it with a reason.

Activities already held (materials not yet through) are listed by the page but take no
decision: cancelling a held activity makes no sense, so they are kept as they are.
"""

from django import forms

from openday.activities.forms.fields import char_field, date_field
from openday.activities.lifecycle import NOT_HELD_STATES
from openday.activities.models import Activity
from openday.activities.services.year import REASON_MAX
from openday.core.forms import Form

KEEP, CANCEL = "keep", "cancel"


class CampaignCloseForm(Form):
    on = date_field("结束日期")

    def __init__(self, *args, unfinished: list[Activity], **kwargs):
        super().__init__(*args, **kwargs)
        self.unfinished = unfinished
        # One decision per 序号: a joint row's lead and parts not held are cancelled together.
        decided: dict[int, Activity] = {}
        for activity in unfinished:
            if activity.state in NOT_HELD_STATES:
                decided.setdefault(activity.seq, activity)
        self.decided = list(decided.values())
        for activity in self.decided:
            self.fields[f"fate_{activity.seq}"] = forms.ChoiceField(
                label=f"第 {activity.seq} 项的处理",
                choices=[(KEEP, "保留，记为未开展"), (CANCEL, "取消")],
                initial=KEEP,
                # Left unanswered, an activity is kept: closing never cancels by default.
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"请选择第 {activity.seq} 项的处理方式。"},
            )
            self.fields[f"reason_{activity.seq}"] = char_field(
                f"第 {activity.seq} 项的取消原因", max_length=REASON_MAX, required=False
            )

    def rows(self) -> list[tuple[Activity, forms.BoundField | None, forms.BoundField | None]]:
        """Each unfinished activity with its decision and reason fields (None when held, or
        for a part of a row whose decision is already shown)."""
        decided = {a.pk for a in self.decided}
        return [
            (a, self[f"fate_{a.seq}"], self[f"reason_{a.seq}"])
            if a.pk in decided
            else (a, None, None)
            for a in self.unfinished
        ]

    def clean(self):
        cleaned = super().clean()
        for activity in self.decided:
            fate = cleaned.get(f"fate_{activity.seq}")
            reason = (cleaned.get(f"reason_{activity.seq}") or "").strip()
            if fate == CANCEL and not reason:
                self.add_error(
                    f"reason_{activity.seq}",
                    f"请填写取消第 {activity.seq} 项“{activity.title}”的原因。",
                )
        return cleaned

    def cancellations(self) -> dict[int, str]:
        return {
            a.seq: self.cleaned_data[f"reason_{a.seq}"].strip()
            for a in self.decided
            if self.cleaned_data.get(f"fate_{a.seq}") == CANCEL
        }
