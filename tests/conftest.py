import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def soffice() -> str:
    """LibreOffice's binary; missing is a failure on CI, a skip on a developer's machine."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if not binary:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required on CI; .ci/run installs it.")
        pytest.skip("LibreOffice is not installed (make test installs it where it can)")
    return binary


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for production; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads written by the code under test land in a per-test folder, not the repo's var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
