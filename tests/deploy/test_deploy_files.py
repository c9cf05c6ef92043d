"""The files under deploy/ name what exists: the commands the systemd units run, the variables
the environment example sets, the names the nginx site relies on."""

import configparser
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.urls import reverse

from openday.settings import BASE_DIR

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = ["openday-web", "openday-worker", "openday-scheduler"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / "systemd" / f"{name}.service")
    return parser


def exec_start(name: str) -> list[str]:
    return shlex.split(unit(name)["Service"]["ExecStart"])


@pytest.mark.parametrize("name", UNITS)
def test_every_unit_reads_the_environment_file_and_runs_the_checkout(name):
    service = unit(name)["Service"]

    assert service["EnvironmentFile"] == "/etc/openday/openday.env"
    assert service["User"] == "openday"
    assert exec_start(name)[0].startswith("/srv/openday/.venv/bin/")
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_the_web_unit_runs_gunicorn_on_the_wsgi_application_behind_nginx():
    command = exec_start("openday-web")

    assert command[:2] == ["/srv/openday/.venv/bin/gunicorn", "openday.wsgi"]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8000"
    assert settings.WSGI_APPLICATION == "openday.wsgi.application"
    site = (DEPLOY / "nginx" / "openday.conf").read_text()
    assert "server 127.0.0.1:8000;" in site


@pytest.mark.parametrize(
    ("name", "command", "arguments"),
    [("openday-worker", "worker", []), ("openday-scheduler", "run_scheduler", ["--loop"])],
)
def test_the_worker_and_scheduler_units_run_existing_commands(name, command, arguments):
    line = exec_start(name)

    assert line[0] == "/srv/openday/.venv/bin/openday"
    assert line[1].replace("-", "_") == command
    assert line[2:] == arguments
    parser = load_command_class(get_commands()[command], command).create_parser("openday", command)
    assert vars(parser.parse_args(arguments))  # the options exist


def test_the_environment_example_sets_only_variables_the_settings_read():
    example = (DEPLOY / "openday.env.example").read_text()
    names = re.findall(r"(?m)^([A-Z][A-Z0-9_]*)=", example)
    read = set(re.findall(r"""["']([A-Z][A-Z0-9_]+)["']""", (BASE_DIR / "settings.py").read_text()))

    assert names
    assert sorted(set(names) - read) == []
    for required in ["OPENDAY_ENV", "SECRET_KEY", "DATABASE_URL", "OPENDAY_REDIS_URL"]:
        assert required in names


def test_the_nginx_site_bypasses_the_session_cookie_and_the_private_prefixes():
    site = (DEPLOY / "nginx" / "openday.conf").read_text()

    assert f"map $cookie_{settings.SESSION_COOKIE_NAME} " in site
    prefixes = re.search(r"~\^/\(([a-z|]+)\)\(/\|\$\)", site).group(1).split("|")
    for url in (reverse("staff:home"), reverse("staff:login"), reverse("admin:index")):
        assert url.strip("/").split("/")[0] in prefixes
    assert f"location {settings.STATIC_URL} " in site
