import datetime as dt
import sys

import pytest
from django.db import transaction
from django.test.utils import override_settings

from openday.demo.loader import load_demo

# The day the module's demo is loaded on: its campaign of the current year is tianxin-2025.
DEMO_TODAY = dt.date(2025, 6, 16)


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """``load_demo`` once for the whole module, in a transaction rolled back at the module's
    end; each test's own transaction nests inside it as a savepoint, so what a test changes
    is undone after it. Yields the demo's report and the folder its files went to."""
    root = tmp_path_factory.mktemp("demo")
    files = {"MEDIA_ROOT": root / "media", "PRIVATE_MEDIA_ROOT": root / "private-media"}
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers, **files):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                report = load_demo(DEMO_TODAY)
            except BaseException:
                atomic.__exit__(*sys.exc_info())
                raise
        try:
            yield report, files
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
