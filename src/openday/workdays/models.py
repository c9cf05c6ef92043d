from django.core.validators import RegexValidator
from django.db import models

from openday.core.models import TimeStampedModel


class HolidayArrangement(TimeStampedModel):
    """One date of a year's official arrangement, entered by an admin.

    Used for a year the ``chinesecalendar`` library does not know yet (the State Council
    publishes each year's arrangement late in the year before), and to correct the library.
    A date's row wins over the library; a year with at least one row counts as published.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField(
        "上班", default=False, help_text="勾选表示这天上班（如周末调休上班），不勾选表示放假。"
    )
    name = models.CharField(
        "名称",
        max_length=50,
        blank=True,
        help_text="如“元旦”“春节调休上班”。",
        # The import/list format separates fields with commas and tabs.
        validators=[RegexValidator(r"[,，\t]", "名称中不能有逗号或制表符。", inverse_match=True)],
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self) -> str:
        state = "上班" if self.is_workday else "放假"
        return f"{self.date.isoformat()} {state} {self.name}".rstrip()
