"""Server time of every staff page on the province data set, as a county's office admin and as
the province's viewer.

    .venv/bin/python benchmarks/staff_pages.py [--regions 130] [--years 5] [--activities 100]
        [--answers 1000000] [--repeat 20] [--existing]

Builds the province with ``openday generate-province`` in a throwaway SQLite database under a
fresh temporary folder, or in DATABASE_URL when it is set (an empty scratch database: the
script refuses one with tables, unless ``--existing`` says the province is already there).
Then, in process with Django's test client on production settings (DEBUG off, static files
collected), asks each page once to warm up and ``--repeat`` times more, and prints the median
and 95th percentile of the server time and the query count of each. Target: < 100 ms each.
"""

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SLUG = "province"


def pages(year: int) -> list[tuple[str, str]]:
    campaign = f"/staff/campaigns/{SLUG}-1-{year}"
    return [
        ("待办 to-do", "/staff/"),
        ("年度活动 campaign", f"{campaign}/"),
        ("活动 activity (joint)", f"{campaign}/activities/4/"),
        ("活动 activity (published)", f"{campaign}/activities/8/"),
        ("主题申报 declarations", f"{campaign}/declarations/"),
        ("报名与留言 participation", f"{campaign}/participation/"),
        ("操作记录 audit log", "/staff/audit/"),
        ("发送记录 send log", "/staff/deliveries/"),
    ]


def optional_pages(year: int) -> list[tuple[str, str, dict]]:
    """The dashboard, assessment and comparison pages, where the workbench has them."""
    return [
        ("统计 dashboard", "staff:campaign-dashboard", {"slug": f"{SLUG}-1-{year}"}),
        ("考核 assessment", "staff:campaign-assessment", {"slug": f"{SLUG}-1-{year}"}),
        ("地区对比 comparison", "staff:region-comparison", {"region_slug": SLUG}),
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=130)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--existing", action="store_true", help="the province is already there")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="openday-bench-"))
    try:
        return benchmark(args, data)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def benchmark(args: argparse.Namespace, data: Path) -> int:
    os.environ.update(
        OPENDAY_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="openday.settings",
        LOG_LEVEL="WARNING",
    )
    if not args.existing:
        os.environ["OPENDAY_DATA_DIR"] = str(data)  # a fresh database (SQLite) and files
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from openday.campaigns.models import Campaign
    from openday.demo.province import ProvinceSpec, province_generate

    settings.STATIC_ROOT = str(data / "static")
    if not args.existing:
        if "DATABASE_URL" in os.environ and connection.introspection.table_names():
            print("refusing: DATABASE_URL's database has tables (or pass --existing)")
            return 2
        call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"staff pages, database: {connection.vendor}, {os.cpu_count()} cores")
    if not args.existing:
        spec = ProvinceSpec(
            slug=SLUG,
            regions=args.regions,
            years=args.years,
            activities=args.activities,
            answers=args.answers,
        )
        start = time.perf_counter()
        summary = province_generate(spec, progress=lambda _line: None)
        print(
            f"province generated in {time.perf_counter() - start:.1f} s: "
            f"{summary.counts['年度活动']} campaigns, "
            f"{summary.counts['活动'] + summary.counts['联合开展分项']:,} activities, "
            f"{summary.counts['报名'] + summary.counts['留言'] + summary.counts['问卷答卷']:,} "
            "participation rows"
        )
    year = Campaign.objects.filter(region__slug=f"{SLUG}-1").order_by("-year").first().year
    listed = pages(year)
    for label, name, kwargs in optional_pages(year):
        try:
            listed.append((label, reverse(name, kwargs=kwargs)))
        except NoReverseMatch:
            print(f"({label}: no such page here)")
    users = get_user_model().objects
    print(f"{'page':<28} {'who':<14} {'median':>8} {'p95':>8} {'queries':>8} {'KB':>6}")
    worst = 0.0
    for who in (f"{SLUG}-1-admin", f"{SLUG}-viewer"):
        client = Client()
        client.force_login(users.get(username=who))
        for label, url in listed:
            response = client.get(url, secure=True)
            if response.status_code != 200:
                print(f"{label:<28} {who:<14} HTTP {response.status_code}")
                continue
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url, secure=True)
                    times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            worst = max(worst, p95)
            print(
                f"{label:<28} {who:<14} {statistics.median(times):6.1f}ms {p95:6.1f}ms "
                f"{len(queries):8d} {len(response.content) / 1024:6.0f}"
            )
    print(f"slowest p95: {worst:.1f} ms (target < 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
