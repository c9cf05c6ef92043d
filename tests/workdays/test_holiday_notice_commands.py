"""``openday holidays read-notice`` and ``openday holidays import --notice``."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openday.core.models import AuditEntry
from openday.workdays.models import HolidayArrangement

pytestmark = pytest.mark.django_db
NOTICES = Path(__file__).parents[1] / "fixtures" / "holiday-notices"
INVENTED_2027 = str(Path(__file__).parent / "files" / "notice-2027-invented.txt")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


def test_read_notice_prints_every_date_in_the_list_format():
    out, err = run("holidays", "read-notice", str(NOTICES / "2019-labour-day.txt"))

    assert out == (
        "2019-04-28,work,劳动节调休上班,国办发明电〔2019〕3号\n"
        "2019-05-01,off,劳动节,国办发明电〔2019〕3号\n"
        "2019-05-02,off,劳动节,国办发明电〔2019〕3号\n"
        "2019-05-03,off,劳动节,国办发明电〔2019〕3号\n"
        "2019-05-04,off,劳动节,国办发明电〔2019〕3号\n"
        "2019-05-05,work,劳动节调休上班,国办发明电〔2019〕3号\n"
    )
    assert err == ""
    assert not HolidayArrangement.objects.exists()


def test_read_notice_warns_where_the_library_differs():
    out, err = run("holidays", "read-notice", str(NOTICES / "2020.txt"))

    assert len(out.splitlines()) == 34
    assert err == "警告：2020-02-01：通知为上班（春节调休上班），日历库为放假（春节）\n"


def test_read_notice_output_imports_back_unchanged(tmp_path):
    out, _ = run("holidays", "read-notice", INVENTED_2027)
    listed = tmp_path / "list.csv"
    listed.write_text(out, encoding="utf-8")
    run("holidays", "import", str(listed))

    assert run("holidays", "list", "--year", "2027")[0] == out


def test_import_notice_saves_every_date_with_its_source_and_audits():
    out, _ = run("holidays", "import", "--notice", INVENTED_2027)

    assert out == (
        "已导入2027年部分节假日安排的通知（2027 年）：新增 34 条，更新 0 条，未变 0 条；"
        "0 个活动期限随之调整\n"
    )
    row = HolidayArrangement.objects.get(date="2027-02-13")
    assert (row.is_workday, row.name, row.note) == (
        True,
        "春节调休上班",
        "2027年部分节假日安排的通知",
    )
    entry = AuditEntry.objects.get(action="holiday_notice.import")
    assert entry.after["year"] == 2027
    assert entry.after["dates"] == 34
    assert AuditEntry.objects.filter(action="holiday_arrangement.create").count() == 34
    assert run("holidays", "import", "--notice", INVENTED_2027)[0].startswith(
        "已导入2027年部分节假日安排的通知（2027 年）：新增 0 条，更新 0 条，未变 34 条"
    )


def test_import_notice_dry_run_saves_nothing():
    out, _ = run("holidays", "import", "--notice", INVENTED_2027, "--dry-run")

    assert out.startswith("试运行，未保存：2027年部分节假日安排的通知（2027 年）将新增 34 条")
    assert not HolidayArrangement.objects.exists()


def test_import_notice_that_contradicts_the_library_is_refused_unless_overridden():
    message = refusal("holidays", "import", "--notice", str(NOTICES / "2020.txt"))

    assert message == (
        "通知与日历库（已公布的安排）有 1 天不一致，未保存：\n"
        "2020-02-01：通知为上班（春节调休上班），日历库为放假（春节）"
    )
    assert not HolidayArrangement.objects.exists()
    run("holidays", "import", "--notice", str(NOTICES / "2020.txt"), "--override")
    assert HolidayArrangement.objects.get(date="2020-02-01").is_workday is True


def test_import_notice_replace_removes_only_that_years_other_dates():
    HolidayArrangement.objects.create(date="2027-03-01", is_workday=False, name="旧")
    HolidayArrangement.objects.create(date="2026-03-02", is_workday=False, name="别的年份")

    out, _ = run("holidays", "import", "--notice", INVENTED_2027, "--replace")

    assert "删除 1 条" in out
    assert not HolidayArrangement.objects.filter(date="2027-03-01").exists()
    assert HolidayArrangement.objects.filter(date="2026-03-02").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("read-notice", str(NOTICES / "2020-extension.txt")),
            "无法读取通知“2020-extension.txt”（1 处问题），未导入任何内容：\n"
            "第 1 行：这是延长2020年假期的通知",
        ),
        (("read-notice",), "read-notice 只接受一个通知文件。"),
        (("list", "--notice", "x.txt"), "--notice 只用于 import。"),
        (("import", "a.csv", "--override"), "--override 只用于 import --notice。"),
        (("import", "--notice", "/no/such.txt"), "找不到文件“/no/such.txt”。"),
        (
            ("import", "--notice", str(NOTICES / "2019-labour-day.txt"), "--replace"),
            "这份通知只调整劳动节，不是全年的安排，不能用它替换全年已保存的日期。",
        ),
    ],
)
def test_notice_commands_refuse_in_chinese(args, message):
    assert refusal("holidays", *args).startswith(message)
