"""The production set-up run for real (``deploy/``): Debian's nginx with the repo's site file,
in front of gunicorn (the web unit's command line, production settings), with Redis as the
shared cache and an S3 emulator (moto's server) as the object storage. See ``stack.py``.

What must hold: a public page is served from the micro-cache; a publish is on the column once
the cache's validity has passed, with no purge; staff pages, signed-in people and POSTs are
never cached nor answered from the cache; uploads land in the bucket and come back only
through the app's access checks.

Needs nginx and redis-server (``scripts/install-system-deps.sh`` installs them): skipped
without them on a developer's machine, a failure on CI. About 20 s.
"""

import json
import os
import re
import time

import pytest
import redis
import requests
from django.urls import reverse

from tests.deploy.stack import BUCKET, VALIDITY, Stack, binary, s3_client, start_stack

pytestmark = pytest.mark.stack

PRIVATE = "private, no-store"
PUBLIC = f"public, max-age=0, s-maxage={VALIDITY}"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FILING = {
    "leader": "张副局长",
    "section": "政务公开科",
    "person": "李明",
    "phone": "0731-85123456",
    "comment": "",
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    missing = [name for name in ("nginx", "redis-server") if binary(name) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed (scripts/install-system-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: required on CI.")
        pytest.skip(message)
    running = start_stack(tmp_path_factory.mktemp("stack"))
    try:
        running.data = json.loads(
            running.python("from tests.deploy.stack_data import main; main()", "setup")
        )
        yield running
    finally:
        running.stop()


def browser(stack: Stack) -> requests.Session:
    """A visitor without cookies, who trusts the stack's certificate only."""
    session = requests.Session()
    # Not the environment's CA bundle (requests would prefer it) nor its proxies.
    session.trust_env = False
    session.verify = str(stack.tls[0])
    return session


def csrf_token(response: requests.Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert match, f"no CSRF token on {response.url}"
    return match.group(1)


def post(session: requests.Session, stack: Stack, path: str, data: dict, **kwargs):
    # Django checks the Referer of an https POST (browsers send it).
    return session.post(
        stack.url(path),
        data=data,
        headers={"Referer": stack.url(path)},
        allow_redirects=False,
        **kwargs,
    )


def signed_in(stack: Stack, who: str) -> requests.Session:
    session = browser(stack)
    login = reverse("staff:login")
    token = csrf_token(session.get(stack.url(login)))
    data = {"username": stack.data["users"][who], "password": stack.data["password"]}
    response = post(session, stack, login, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.text[:500]
    # nginx never looks a POST up in its cache (not in proxy_cache_methods): no status at all.
    assert "X-Cache-Status" not in response.headers
    assert "sessionid" in session.cookies
    return session


def column(slug: str) -> str:
    return reverse("portal:campaign-column", args=[slug])


def test_a_public_page_is_served_from_the_micro_cache(stack):
    path = column(stack.data["cached"])
    visitor = browser(stack)

    first = visitor.get(stack.url(path))
    second = visitor.get(stack.url(path))

    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]) == ("MISS", "HIT")
    assert stack.data["cached_title"] in second.text
    assert second.content == first.content
    assert stack.app_requests("GET", path, expected=1) == 1
    for response in (first, second):
        assert response.headers["Cache-Control"] == PUBLIC
        assert "Set-Cookie" not in response.headers
        assert "Cookie" not in response.headers["Vary"]
        assert response.headers["Content-Encoding"] == "gzip"  # nginx compresses per client
    # A browser's revalidation is answered by nginx from its copy.
    again = visitor.get(stack.url(path), headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.headers["X-Cache-Status"]) == (304, "HIT")
    # The page the app rendered is in the shared Redis cache, for every app process.
    keys = redis.Redis.from_url(stack.env["OPENDAY_REDIS_URL"]).keys("openday:*portal:column*")
    assert keys


def test_a_publish_is_on_the_column_once_the_validity_has_passed(stack):
    path = column(stack.data["publish"])
    visitor = browser(stack)
    before = visitor.get(stack.url(path))
    assert stack.data["published_title"] not in before.text
    assert visitor.get(stack.url(path)).headers["X-Cache-Status"] == "HIT"

    stack.openday("campaign", "publish", stack.data["publish"])
    time.sleep(VALIDITY + 1)
    after = visitor.get(stack.url(path))

    assert after.status_code == 200
    assert stack.data["published_title"] in after.text
    assert after.headers["X-Cache-Status"] in ("EXPIRED", "MISS")
    assert after.headers["ETag"] != before.headers["ETag"]


def test_staff_pages_and_signed_in_people_are_never_cached(stack):
    admin = signed_in(stack, "admin")

    pages = [admin.get(stack.url(reverse("staff:home"))) for _ in range(3)]
    public = [admin.get(stack.url(reverse("portal:campaign-list"))) for _ in range(2)]

    for response in pages:
        assert response.status_code == 200
        assert response.headers["X-Cache-Status"] == "BYPASS"
        assert response.headers["Cache-Control"] == PRIVATE
    assert stack.app_requests("GET", reverse("staff:home"), expected=3) == 3
    # Their public pages come from the app too: nothing of a session goes into the cache.
    assert [r.headers["X-Cache-Status"] for r in public] == ["BYPASS", "BYPASS"]
    login = [browser(stack).get(stack.url(reverse("staff:login"))) for _ in range(2)]
    assert [r.headers["X-Cache-Status"] for r in login] == ["BYPASS", "BYPASS"]
    assert [r.headers["Cache-Control"] for r in login] == [PRIVATE, PRIVATE]


@pytest.mark.parametrize("where", ["column", "signup"])
def test_a_post_is_never_cached_nor_replayed(stack, where):
    # (The sign-up page may not exist yet: whatever the app answers, nginx must not keep it.)
    slug = stack.data["files"]
    path = column(slug) if where == "column" else f"{column(slug)}activities/1/signup/"
    visitor = browser(stack)
    page = visitor.get(stack.url(column(slug)))
    visitor.get(stack.url(path))
    visitor.get(stack.url(path))  # whatever a GET of it left in the cache
    token = csrf_token(visitor.get(stack.url(reverse("staff:login"))))
    reached = stack.app_requests("POST", path)

    answers = [
        post(visitor, stack, path, {"csrfmiddlewaretoken": token, "name": "张三"}) for _ in range(2)
    ]

    for answer in answers:
        assert "X-Cache-Status" not in answer.headers
        assert answer.headers["Cache-Control"] == PRIVATE
        assert answer.status_code != 200 or "<form" in answer.text
    if where == "column":
        assert [a.status_code for a in answers] == [405, 405]  # the view's answer, not the page
    assert stack.app_requests("POST", path, expected=reached + 2) == reached + 2
    # Nor did they touch what the cache holds for GET.
    after = visitor.get(stack.url(column(slug)))
    assert (after.status_code, after.content) == (200, page.content)


def test_an_upload_lands_in_object_storage_and_is_served_through_the_access_checks(stack):
    slug, seq = stack.data["files"], stack.data["seq"]
    liaison = signed_in(stack, "liaison")
    file_page = reverse("staff:activity-file", args=[slug, seq])
    token = csrf_token(liaison.get(stack.url(file_page)))

    filed = post(
        liaison,
        stack,
        file_page,
        {**FILING, "csrfmiddlewaretoken": token},
        files={"document": ("plan.pdf", PDF, "application/pdf")},
    )

    assert filed.status_code == 302, filed.text[:1000]
    s3 = s3_client(stack)
    (stored,) = s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert stored["Key"].startswith("private/activities/") or stored["Key"].startswith("private/")
    assert s3.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read() == PDF
    assert not list((stack.folder / "data").glob("private-media/**/*.pdf"))
    # The bucket does not hand the object to anyone without a signature.
    endpoint = stack.env["OPENDAY_S3_ENDPOINT_URL"]
    anonymous_s3 = browser(stack).get(f"{endpoint}/{BUCKET}/{stored['Key']}")
    assert anonymous_s3.status_code == 403

    detail = liaison.get(stack.url(reverse("staff:activity-detail", args=[slug, seq])))
    (link,) = set(re.findall(r'href="([^"]*/filings/\d+/document/)"', detail.text))
    download = liaison.get(stack.url(link))
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["Cache-Control"] == PRIVATE
    assert download.headers["X-Cache-Status"] == "BYPASS"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    # Another unit's liaison cannot see the activity; a visitor is sent to the login.
    assert signed_in(stack, "other").get(stack.url(link)).status_code == 404
    anonymous = browser(stack).get(stack.url(link), allow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith(reverse("staff:login"))


def test_static_files_are_served_by_nginx(stack):
    visitor = browser(stack)

    response = visitor.get(stack.url("/static/openday/css/site.css"))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/css"
    assert "X-Cache-Status" not in response.headers  # not proxied
    assert stack.app_requests("GET", "/static/openday/css/site.css") == 0
