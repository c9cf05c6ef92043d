"""The layers contract (``[tool.importlinter]`` in pyproject.toml) holds, and it bites: a
wrong-way import planted in a copy of the package makes ``lint-imports`` fail, naming it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(package_parent: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=package_parent,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    parent = tmp_path_factory.mktemp("layers")
    shutil.copytree(
        ROOT / "src" / "openday",
        parent / "openday",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "notices"),
    )
    return parent


def test_the_code_keeps_the_contract():
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "complaint"),
    [
        (
            "activities/models.py",
            "from openday.reminders import models as _reminders",
            "openday.activities is not allowed to import openday.reminders",
        ),
        (
            "orgs/selectors.py",
            "from openday.campaigns import models as _campaigns",
            "openday.orgs is not allowed to import openday.campaigns",
        ),
        (
            "reports/tables.py",
            "from openday.workbench import selectors as _selectors",
            "openday.reports is not allowed to import openday.workbench",
        ),
        (
            "portal/apps.py",
            "from openday.demo import data as _demo",
            "openday.portal is not allowed to import openday.demo",
        ),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(package_copy, module, wrong_import, complaint):
    path = package_copy / "openday" / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(f"{original}\n{wrong_import}\n", encoding="utf-8")
        result = _lint(package_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert complaint in " ".join(result.stdout.split())
