"""Safe defaults: production unless told otherwise, the deployment check, the
Content-Security-Policy on every HTML page, and no copy of a staff page in any cache."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openday.orgs.enums import Role
from tests.factories import (
    MembershipFactory,
    UnitFactory,
)
from tests.portal.plans import held_activity_waiting_report, make_tianxin_campaign

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "openday" / "templates"
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources} (django-csp's order varies)."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


# --- Production unless OPENDAY_ENV=development ----------------------------------------------


def real_key() -> str:
    return secrets.token_urlsafe(50)


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """``args`` in a fresh process whose environment has none of the caller's openday
    settings (the test run's OPENDAY_ENV=development included), plus ``env``."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OPENDAY_")
        and key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            # The browser tests' conftest sets it for Playwright; a deployment never does.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "openday.settings",
        "OPENDAY_DATA_DIR": str(tmp_path / "data"),
        "PYTHONIOENCODING": "utf-8",
        **env,
    }
    return subprocess.run(
        args, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def openday(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "openday.cli", *args], tmp_path, **env)


def settings_of(tmp_path: Path, *names: str, **env: str) -> dict[str, str]:
    """The named settings as a process with ``env`` loads them."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print('\\n'.join(f'{{n}}={{getattr(settings, n)!r}}' for n in {list(names)!r}))"
    )
    result = run([sys.executable, "-c", code], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return dict(line.split("=", 1) for line in result.stdout.splitlines())


def test_without_openday_env_a_command_refuses_to_run_without_a_secret_key(tmp_path):
    result = openday(tmp_path, "check")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "openday: 生产环境（OPENDAY_ENV=production，未设置时即为生产环境）需要设置 SECRET_KEY："
        "至少 50 个字符的随机串，可用 python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        " 生成。本机开发或演示请设置 OPENDAY_ENV=development。\n"
    )


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("short-but-random-Xy7", id="shorter-than-50"),
        pytest.param("b" * 60, id="too-few-distinct-characters"),
        pytest.param(
            "openday-development-only-secret-key-do-not-use-in-production", id="the-public-key"
        ),
    ],
)
def test_production_refuses_a_weak_or_public_secret_key(tmp_path, key):
    result = openday(tmp_path, "check", SECRET_KEY=key)

    assert result.returncode == 2
    assert "需要设置 SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_openday_env_is_refused_not_taken_for_development(tmp_path):
    result = openday(tmp_path, "check", OPENDAY_ENV="dev")

    assert result.returncode == 2
    assert result.stderr == (
        "openday: OPENDAY_ENV='dev' 无效：只能是 production（默认）或 development。\n"
    )


def test_production_refuses_debug(tmp_path):
    result = openday(tmp_path, "check", SECRET_KEY=real_key(), DEBUG="1")

    assert result.returncode == 2
    assert result.stderr == "openday: 生产环境（OPENDAY_ENV=production）不能打开 DEBUG。\n"


def test_help_still_works_without_configuration(tmp_path):
    result = openday(tmp_path, "--help")

    assert result.returncode == 0
    assert "    check\n" in result.stdout
    # Django's note: only its own commands are listed, with the reason.
    assert "需要设置 SECRET_KEY" in result.stdout.splitlines()[-1]


def test_development_lists_openday_commands_in_help(tmp_path):
    result = openday(tmp_path, "--help", OPENDAY_ENV="development")

    assert result.returncode == 0
    assert "import_plan" in result.stdout


def test_without_openday_env_the_settings_are_production(tmp_path):
    values = settings_of(
        tmp_path,
        "OPENDAY_ENV",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        SECRET_KEY=real_key(),
    )

    assert values == {
        "OPENDAY_ENV": "'production'",
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SECURE_PROXY_SSL_HEADER": "('HTTP_X_FORWARDED_PROTO', 'https')",
    }


def test_an_intranet_without_tls_turns_https_off_by_environment(tmp_path):
    values = settings_of(
        tmp_path,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        SECRET_KEY=real_key(),
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
    }


def test_development_is_only_what_is_asked_for(tmp_path):
    values = settings_of(tmp_path, "DEBUG", "SECURE_SSL_REDIRECT", OPENDAY_ENV="development")

    assert values == {"DEBUG": "True", "SECURE_SSL_REDIRECT": "False"}


def test_the_deployment_check_is_clean_in_production(tmp_path):
    result = openday(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=real_key(),
        ALLOWED_HOSTS="openday.example.gov.cn",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


# --- Content-Security-Policy and caching, request by request --------------------------------


@pytest.fixture
def world(db):
    """天心区's published 2023 plan, an office admin, and a liaison whose unit held an
    activity that waits for its report."""
    campaign = make_tianxin_campaign()
    MembershipFactory(user__username="txadmin", role=Role.OFFICE_ADMIN, region=campaign.region)
    unit = UnitFactory(region=campaign.region, name="区政务服务中心")
    activity, liaison = held_activity_waiting_report(campaign, unit)
    return {"campaign": campaign, "activity": activity, "liaison": liaison}


def report_url(activity) -> str:
    return reverse(
        "staff:activity-transition", args=[activity.campaign.slug, activity.seq, "report"]
    )


def html_pages(world) -> dict[str, tuple[str, str | None]]:
    """name: (url, who is signed in)."""
    campaign = world["campaign"]
    return {
        "portal home": (reverse("portal:campaign-list"), None),
        "column": (reverse("portal:campaign-column", args=[campaign.slug]), None),
        "staff login": (reverse("staff:login"), None),
        "staff todo": (reverse("staff:home"), "txadmin"),
        "campaign page": (reverse("staff:campaign-detail", args=[campaign.slug]), "txadmin"),
        "report page": (report_url(world["activity"]), "txliaison"),
        "admin login": (reverse("admin:login"), None),
    }


def get_as(client, url: str, username: str | None):
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client.get(url)


@pytest.mark.parametrize(
    "name",
    [
        "portal home",
        "column",
        "staff login",
        "staff todo",
        "campaign page",
        "report page",
        "admin login",
    ],
)
def test_every_html_page_carries_the_content_security_policy(client, world, name):
    url, username = html_pages(world)[name]

    response = get_as(client, url, username)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert directives(response["Content-Security-Policy"]) == POLICY


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize("name", ["staff todo", "report page"])
def test_the_pages_that_had_inline_scripts_load_them_from_files(client, world, name):
    url, username = html_pages(world)[name]

    html = get_as(client, url, username).content.decode()

    assert INLINE_SCRIPT.findall(html) == []
    script = {
        "staff todo": '<script src="/static/openday/js/inbox-unread.js" defer></script>',
        "report page": '<script src="/static/openday/js/media-rows.js" defer></script>',
    }[name]
    assert script in html


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_template_has_an_inline_script_style_or_handler(template):
    text = template.read_text(encoding="utf-8")

    assert INLINE_SCRIPT.findall(text) == []
    assert INLINE_STYLE.findall(text) == []


@pytest.mark.parametrize("name", ["staff login", "staff todo", "campaign page", "report page"])
def test_staff_pages_are_never_stored(client, world, name):
    url, username = html_pages(world)[name]

    response = get_as(client, url, username)

    assert response["Cache-Control"] == "private, no-store"


def test_staff_downloads_are_never_stored(client, world):
    campaign = world["campaign"]
    url = reverse("staff:campaign-plan-export", args=[campaign.slug, "xlsx"])

    response = get_as(client, url, "txadmin")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_staff_redirects_and_json_are_never_stored(client, world):
    anonymous = client.get(reverse("staff:home"))
    assert anonymous.status_code == 302
    assert anonymous["Cache-Control"] == "private, no-store"

    unread = get_as(client, reverse("staff:unread"), "txliaison")
    assert unread.json() == {"unread": 0}
    assert unread["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/"])
def test_admin_pages_are_never_stored(client, world, url):
    response = client.get(url)

    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_stay_cacheable(client, world, settings):
    campaign = world["campaign"]

    response = client.get(reverse("portal:campaign-column", args=[campaign.slug]))

    seconds = settings.OPENDAY_PUBLIC_CACHE_SECONDS
    assert response["Cache-Control"] == f"public, max-age=0, s-maxage={seconds}"
