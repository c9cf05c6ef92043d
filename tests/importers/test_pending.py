"""Plan uploads never confirmed are swept after a day; fresh ones stay."""

import datetime as dt
import os
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from openday.importers.pending import pending_root, pending_save, pending_sweep


def aged(path, days: float) -> None:
    moment = (timezone.now() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))


def test_only_files_older_than_a_day_are_swept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = pending_save(SimpleUploadedFile("计划表.xlsx", b"x"), pending_root() / "1")
    fresh = pending_save(SimpleUploadedFile("计划表.docx", b"y"), pending_root() / "2")
    aged(old, 2)
    aged(fresh, 0.5)

    assert pending_sweep(now=timezone.now()) == 1
    assert not old.exists()
    assert fresh.exists()
    assert old.suffix == ".xlsx"


def test_nothing_to_sweep_without_the_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "missing"
    assert pending_sweep(now=timezone.now()) == 0


def test_the_scheduler_sweeps_and_says_so(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = pending_save(SimpleUploadedFile("plan.csv", b"z"), pending_root() / "3")
    aged(old, 3)
    out = StringIO()

    call_command("run_scheduler", "--as-of", "2023-06-01 08:00", stdout=out)

    assert "清理 1 个超过一天未确认的计划表上传文件。" in out.getvalue()
    assert not old.exists()
