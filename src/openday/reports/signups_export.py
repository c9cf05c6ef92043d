"""An activity's sign-up list as a ``Table`` and as .xlsx (报名名单).

``signups_table`` reads the list once and formats each row; ``render_xlsx`` (openpyxl, the
printed layout of every openday table) writes a clean copy — control characters stripped by
``core.text`` through ``renderers.layout.clean_table``, text never a formula. Phones are
masked (138****1234) unless ``full_phones``: only the office and the host unit get them whole.
"""

from django.utils import timezone

from openday.activities.models import Activity
from openday.participation.enums import SignupState
from openday.participation.personal import mask_phone
from openday.participation.selectors import signup_list
from openday.reports.renderers import render_xlsx
from openday.reports.tables import Table

HEADER = [
    "序号",
    "确认码",
    "姓名",
    "手机号码",
    "身份类别",
    "人数",
    "电子邮箱",
    "状态",
    "报名时间",
    "签到时间",
]
_WIDTHS = [5, 10, 8, 12, 9, 5, 18, 8, 14, 14]
_ALIGN = ["center", "center", "center", "center", "center", "center", "left", "center"] + [
    "center"
] * 2


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def signups_table(activity: Activity, *, full_phones: bool) -> Table:
    rows = []
    for number, signup in enumerate(signup_list(activity), start=1):
        phone = signup.phone if full_phones else mask_phone(signup.phone)
        email = signup.email if full_phones else ("已填写" if signup.email else "")
        state = signup.get_state_display()
        if signup.state == SignupState.CONFIRMED and signup.promoted_at:
            state = f"{state}（候补转正）"
        rows.append(
            [
                number,
                signup.code,
                signup.name,
                phone,
                signup.get_group_display(),
                signup.party_size,
                email,
                state,
                _when(signup.created_at),
                _when(signup.checked_in_at),
            ]
        )
    return Table(
        title=f"{activity.title}报名名单",
        header=HEADER,
        rows=rows,
        column_widths=_WIDTHS,
        column_align=_ALIGN,
        nowrap_columns=(HEADER.index("手机号码"), HEADER.index("确认码")),
    )


def signups_xlsx(activity: Activity, *, full_phones: bool) -> tuple[bytes, str]:
    """The file's bytes and its name."""
    table = signups_table(activity, full_phones=full_phones)
    return render_xlsx(table), f"{table.title}.xlsx"
