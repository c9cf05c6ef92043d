"""The column page rendered uncached in process: ``portal.views._render_column`` alone.

    .venv/bin/python benchmarks/column_render.py [--repeat 200] [--slug tianxin-2023]
        [--profile]

Loads the demo once into a throwaway SQLite database (a fresh temporary folder) on production
settings (DEBUG off, so templates come through the cached loader), renders the column once to
warm up, then ``--repeat`` times more, and prints the median and 95th percentile of the render
time, the query count of one render and the page's size. Target (issue 15): ≤ 5 ms for the
50-row plan of 天心区. The CPU time (the process's own clock) is printed beside the wall time:
on a shared machine it is the steadier of the two. ``--profile`` prints cProfile's top
functions by cumulative time too.
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--slug", default="tianxin-2023")
    parser.add_argument("--profile", action="store_true")
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
        OPENDAY_DATA_DIR=str(data),
        OPENDAY_REDIS_URL="",
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openday.portal.views import _campaign_or_404, _render_column

    settings.STATIC_ROOT = str(data / "static")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"column render, database: {connection.vendor}, {os.cpu_count()} cores")

    def render() -> str:
        # As the view does: the campaign (with its region and website) then the page.
        return _render_column(_campaign_or_404(args.slug))

    html = render()
    with CaptureQueriesContext(connection) as queries:
        render()
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        render()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"/column/{args.slug}/: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, "
        f"min {times[0]:.2f} ms (CPU median {statistics.median(cpu):.2f} ms); "
        f"{len(queries)} queries, {len(html.encode()) / 1024:.0f} KB, {args.repeat} renders"
    )
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(50):
            render()
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
