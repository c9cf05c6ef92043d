"""Entering arrangements in the admin: saved through the service (audited), warned when the
date contradicts the published calendar."""

import datetime as dt

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from openday.core.models import AuditEntry
from openday.workdays.models import HolidayArrangement
from tests.factories.workdays import HolidayArrangementFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:workdays_holidayarrangement_add")


def test_adding_a_date_is_audited(admin_client):
    response = admin_client.post(
        ADD, {"date": "2027-01-01", "is_workday": "", "name": "元旦", "note": ""}
    )

    assert response.status_code == 302
    row = HolidayArrangement.objects.get()
    assert (row.date, row.is_workday, row.name) == (dt.date(2027, 1, 1), False, "元旦")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_label, entry.before, entry.after) == (
        "holiday_arrangement.create",
        "admin",
        None,
        {"date": "2027-01-01", "is_workday": False, "name": "元旦", "note": ""},
    )
    assert [m for m in get_messages(response.wsgi_request) if m.level == messages.WARNING] == []


def test_changing_a_date_records_before_and_after(admin_client):
    row = HolidayArrangementFactory(date=dt.date(2027, 2, 6), is_workday=True, name="调休")
    url = reverse("admin:workdays_holidayarrangement_change", args=[row.pk])

    admin_client.post(url, {"date": "2027-02-06", "is_workday": "on", "name": "春节调休上班"})

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.before["name"], entry.after["name"]) == (
        "holiday_arrangement.update",
        "调休",
        "春节调休上班",
    )


def test_a_date_contradicting_the_library_is_saved_with_a_warning(admin_client):
    response = admin_client.post(
        ADD, {"date": "2026-10-10", "is_workday": "", "name": "改为放假"}, follow=True
    )

    assert HolidayArrangement.objects.get().is_workday is False
    assert "2026-10-10 标为放假，与已公布的安排（国庆节调休上班）不一致；已保存，请核对。" in [
        m.message for m in response.context["messages"]
    ]


def test_a_name_with_a_comma_is_refused(admin_client):
    response = admin_client.post(ADD, {"date": "2027-01-01", "name": "元旦,新年"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": ["名称中不能有逗号或制表符。"]}
    assert not HolidayArrangement.objects.exists()


def test_deleting_a_date_is_audited(admin_client):
    row = HolidayArrangementFactory(date=dt.date(2027, 1, 1))
    url = reverse("admin:workdays_holidayarrangement_delete", args=[row.pk])

    admin_client.post(url, {"post": "yes"})

    assert not HolidayArrangement.objects.exists()
    assert AuditEntry.objects.get().action == "holiday_arrangement.delete"


def test_the_list_shows_the_weekday(admin_client):
    HolidayArrangementFactory(date=dt.date(2027, 2, 6), is_workday=True, name="春节调休上班")

    response = admin_client.get(reverse("admin:workdays_holidayarrangement_changelist"))

    assert "星期六" in response.content.decode()
