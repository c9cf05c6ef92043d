"""An ordinary refusal logs one warning line, once, without a traceback; a crash keeps its."""

import logging
import sys

import pytest

from openday.core.logs import RefusalWithoutTraceback
from openday.orgs.enums import Role
from tests.factories import MembershipFactory, UnitFactory


def _record(status: int) -> logging.LogRecord:
    try:
        raise ValueError("boom")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "x", (), exc_info)
    record.status_code = status
    return record


@pytest.mark.parametrize(("status", "traceback"), [(403, False), (404, False), (500, True)])
def test_the_filter_drops_the_traceback_of_a_4xx_only(status, traceback):
    record = _record(status)

    assert RefusalWithoutTraceback().filter(record) is True
    assert (record.exc_info is not None) is traceback


def test_a_record_without_a_status_is_left_alone():
    record = _record(403)
    del record.status_code

    RefusalWithoutTraceback().filter(record)

    assert record.exc_info is not None


def test_djangos_own_console_handler_is_off_so_nothing_prints_twice():
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django.request").propagate is True


@pytest.mark.django_db
def test_a_403_logs_one_warning_line_without_a_traceback(client, caplog):
    unit = UnitFactory()
    liaison = MembershipFactory(role=Role.UNIT_LIAISON, region=unit.region, unit=unit).user
    client.force_login(liaison)

    with caplog.at_level(logging.INFO):
        response = client.get("/staff/deliveries/")

    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in records] == [
        ("WARNING", "Forbidden (Permission denied): /staff/deliveries/", None)
    ]
    assert "Traceback" not in caplog.text
