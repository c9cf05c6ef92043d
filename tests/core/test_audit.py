"""Audit entries as the domain's events: listeners run with the entry once, after commit."""

import contextlib
import logging
from collections import defaultdict

import pytest
from django.db import transaction

from openday.core import audit
from openday.core.audit import audit_record, on_action
from openday.core.models import AuditEntry
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@pytest.fixture(autouse=True)
def listeners(monkeypatch):
    """A registry of this test's own: the apps' listeners stay out of it and it of them."""
    monkeypatch.setattr(audit, "_listeners", defaultdict(list))


def record(region, action="region.probe"):
    return audit_record(actor=None, action=action, obj=region, region=region, comment="看看")


def test_a_listener_hears_the_entry_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    region = RegionFactory()
    heard = []
    on_action("region.probe", heard.append)
    on_action("region.probe", heard.append)  # registered once however often

    with django_capture_on_commit_callbacks(execute=True):
        entry = record(region)
        record(region, action="region.other")
        assert heard == []

    assert heard == [entry]
    assert (heard[0].object_id, heard[0].comment) == (str(region.pk), "看看")


def test_a_rolled_back_action_tells_no_listener(django_capture_on_commit_callbacks):
    region = RegionFactory()
    heard = []
    on_action("region.probe", heard.append)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(Rollback),
        transaction.atomic(),
    ):
        record(region)
        raise Rollback

    assert (callbacks, heard, AuditEntry.objects.count()) == ([], [], 0)


def test_a_failing_listener_is_logged_and_stops_neither_the_action_nor_the_others(
    django_capture_on_commit_callbacks, caplog
):
    region = RegionFactory()
    heard = []

    def broken(entry):
        raise ConnectionError("邮件服务器无响应")

    on_action("region.probe", broken)
    on_action("region.probe", heard.append)

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        entry = record(region)

    assert heard == [entry]
    assert AuditEntry.objects.get() == entry
    [logged] = [r for r in caplog.records if r.exc_info]
    assert "broken" in logged.getMessage()
    assert logged.exc_info[0] is ConnectionError
