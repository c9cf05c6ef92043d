"""Public submissions per second — sign-ups and opinions — with several gunicorn workers on
PostgreSQL, and how many were acknowledged but not stored, or stored twice.

    .venv/bin/python benchmarks/participation.py [--workers 4] [--clients 16] [--seconds 10]

Uses DATABASE_URL when it is set (an empty scratch database: refused if it has tables);
otherwise starts a throwaway PostgreSQL server of its own (Debian's postgresql binaries, as
.ci/postgres.sh does) and removes it afterwards. Builds a small province
(``openday generate-province``), opens sign-up on an announced activity (no capacity limit),
starts gunicorn (production settings, one trusted proxy) and runs ``--clients`` processes that
each fetch the form once (its CSRF cookie and token) and then post as fast as the server
answers: two sign-ups, then an opinion, each with its own phone number and client address
(X-Forwarded-For, as nginx would send), so the rate limits never trigger. Every 302 is an
acknowledgement; afterwards each acknowledged phone must be stored exactly once.
(Questionnaire answers are not driven yet: the public questionnaire page is being built.)
"""

import argparse
import collections
import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BIN = Path(sys.executable).parent
SLUG = "bench"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def start_postgres(folder: Path) -> tuple[str, list[str]]:
    """A throwaway server on a free port; (its URL, the command that stops it)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("no DATABASE_URL and no PostgreSQL binaries (apt-get install postgresql)")
    pg_bin = found[-1].parent
    port = 54400 + os.getpid() % 500
    data = folder / "pg"
    data.mkdir()
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run(
        [*run_as, pg_bin / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        **quiet,
    )
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        [
            *run_as,
            pg_bin / "pg_ctl",
            "-D",
            data,
            "-l",
            folder / "pg.log",
            "-w",
            "-o",
            options,
            "start",
        ],
        **quiet,
    )
    subprocess.run(
        [
            *run_as,
            *(pg_bin / "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-q"),
            *("-c", "CREATE ROLE openday LOGIN PASSWORD 'openday' CREATEDB"),
            *("-c", "CREATE DATABASE openday OWNER openday"),
        ],
        **quiet,
    )
    stop = [*run_as, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
    return f"postgres://openday:openday@127.0.0.1:{port}/openday", stop


def setup_world() -> dict:
    """The province, and sign-up open on its first announced activity; the URLs to post to."""
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from openday.activities.enums import ActivityState
    from openday.activities.models import Activity
    from openday.demo.province import ProvinceSpec, province_generate
    from openday.participation.models import SignupSettings

    if connection.introspection.table_names():
        raise SystemExit(f"refusing: {connection.settings_dict['NAME']!r} has tables")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    spec = ProvinceSpec(slug=SLUG, regions=1, years=1, activities=20, answers=0)
    province_generate(spec, progress=lambda _line: None)
    activity = (
        Activity.objects.rows()
        .filter(campaign__region__slug=f"{SLUG}-1", state=ActivityState.ANNOUNCED)
        .select_related("campaign")
        .order_by("seq")
        .first()
    )
    SignupSettings.objects.create(
        activity=activity,
        enabled=True,
        capacity=10**7,
        deadline=timezone.now() + dt.timedelta(days=30),
        purpose="仅用于基准测试。",
    )
    connection.close()
    slug = activity.campaign.slug
    return {
        "signup": f"/column/{slug}/activities/{activity.ref}/signup/",
        "opinion": f"/column/{slug}/opinions/",
        "activity": activity.pk,
        "campaign": activity.campaign_id,
    }


def _form(connection, path: str) -> tuple[str, str]:
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    cookie = next(
        c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [] if "csrftoken" in c
    )
    return cookie, TOKEN.search(body).group(1)


def client(n: int, port: int, urls: dict, seconds: float, out) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    forms = {kind: _form(connection, urls[kind]) for kind in ("signup", "opinion")}
    acked, refused, count = collections.defaultdict(list), collections.Counter(), 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        count += 1
        kind = "opinion" if count % 3 == 0 else "signup"
        phone = f"13{n:02d}{count:07d}"
        fields = {"phone": phone, "website": "", "csrfmiddlewaretoken": forms[kind][1]}
        if kind == "signup":
            fields |= {"name": "基准", "group": "public", "party_size": "1"}
        else:
            fields |= {"text": f"基准测试留言 {n}-{count}", "name": "基准"}
        address = (
            f"198.18.{n}.{count % 250 + 1}"
            if count < 250
            else f"10.{n}.{count // 250 % 250}.{count % 250 + 1}"
        )
        connection.request(
            "POST",
            urls[kind],
            body=urllib.parse.urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": forms[kind][0],
                "X-Forwarded-For": address,
            },
        )
        response = connection.getresponse()
        response.read()
        if response.status == 302:
            acked[kind].append(phone)
        else:
            refused[response.status] += 1
    out.put((dict(acked), dict(refused)))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=8798)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="openday-bench-"))
    stop = None
    try:
        if "DATABASE_URL" not in os.environ:
            os.environ["DATABASE_URL"], stop = start_postgres(folder)
        return benchmark(args, folder)
    finally:
        if stop:
            subprocess.run(stop, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


def benchmark(args: argparse.Namespace, folder: Path) -> int:
    os.environ.update(
        OPENDAY_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        OPENDAY_DATA_DIR=str(folder / "data"),
        OPENDAY_TRUSTED_PROXY_COUNT="1",
        SECURE_SSL_REDIRECT="false",
        DJANGO_SETTINGS_MODULE="openday.settings",
        LOG_LEVEL="WARNING",
    )
    urls = setup_world()
    server = subprocess.Popen(
        [
            *(BIN / "gunicorn", "openday.wsgi", "--workers", str(args.workers)),
            *("--worker-class", "gthread", "--threads", "4"),
            *("--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"),
        ],
    )
    try:
        for _ in range(150):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                probe.request("GET", urls["opinion"])
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        queue = multiprocessing.Queue()
        procs = [
            multiprocessing.Process(target=client, args=(n, args.port, urls, args.seconds, queue))
            for n in range(args.clients)
        ]
        start = time.perf_counter()
        for proc in procs:
            proc.start()
        results = [queue.get() for _ in procs]
        for proc in procs:
            proc.join()
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report(args, urls, results, wall)


def report(args, urls: dict, results: list, wall: float) -> int:
    from django.db import connection
    from django.db.models import Count

    from openday.participation.models import Opinion, Signup

    acked = collections.defaultdict(list)
    refused = collections.Counter()
    for kinds, statuses in results:
        for kind, phones in kinds.items():
            acked[kind] += phones
        refused.update(statuses)
    stored = {
        "signup": Signup.objects.filter(activity_id=urls["activity"]),
        "opinion": Opinion.objects.filter(campaign_id=urls["campaign"]),
    }
    print(
        f"participation, {args.workers} gunicorn workers × 4 threads, {args.clients} clients, "
        f"{os.cpu_count()} cores, database: {connection.vendor}, load generator on the same machine"
    )
    total, problems = 0, 0
    for kind, rows in stored.items():
        counts = dict(rows.values("phone").annotate(n=Count("id")).values_list("phone", "n"))
        lost = sum(1 for phone in acked[kind] if phone not in counts)
        twice = sum(1 for n in counts.values() if n > 1)
        unasked = len(set(counts) - set(acked[kind]))
        total += len(acked[kind])
        problems += lost + twice
        print(
            f"{kind:<8} {len(acked[kind]) / args.seconds:7.0f}/s acknowledged   "
            f"{len(acked[kind])} acknowledged, {len(counts)} stored: {lost} lost, "
            f"{twice} stored twice, {unasked} stored unacknowledged (timed out at the end)"
        )
    print(
        f"total    {total / args.seconds:7.0f}/s   refused: {dict(refused) or 'none'}   "
        f"(wall {wall:.1f} s; target ≥ 1,000/s, 0 lost, 0 duplicated)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
