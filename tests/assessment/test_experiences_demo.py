"""The demo's typical experiences: 天心区 2023's 第1号 forwarded to the province through
长沙市's office, a report of the current year recommended; loading again changes nothing."""

import datetime as dt

import pytest

from openday.assessment.models import TypicalExperience
from openday.core.models import AuditEntry
from openday.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_forwarded_and_one_recommended_and_reloads_unchanged(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    load_demo(dt.date(2025, 6, 16))
    load_demo(dt.date(2025, 6, 16))

    rows = list(
        TypicalExperience.objects.order_by("campaign__year").values_list(
            "campaign__slug", "activity__seq", "state"
        )
    )
    assert rows == [("tianxin-2023", 1, "forwarded"), ("tianxin-2025", 6, "recommended")]
    actors = list(
        AuditEntry.objects.filter(action__startswith="experience.")
        .order_by("pk")
        .values_list("action", "actor_label")
    )
    assert actors == [
        ("experience.recommend", "tianxin-admin"),
        ("experience.select", "changsha-admin"),
        ("experience.forward", "changsha-admin"),
        ("experience.recommend", "tianxin-admin"),
    ]
