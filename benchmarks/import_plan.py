"""How long importing a 50-row plan takes: parse only, first import, and re-import.

    .venv/bin/python benchmarks/import_plan.py [--repeat 20]

Runs against a throwaway SQLite database (or DATABASE_URL if set). Prints milliseconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src/openday/demo/notices/000_d804d73a4347b30d.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("OPENDAY_DATA_DIR", tempfile.mkdtemp(prefix="openday-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openday.settings")
    os.environ.setdefault("OPENDAY_ENV", "development")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from openday.campaigns.services import campaign_create
    from openday.importers.parse import parse_plan_file
    from openday.importers.services import plan_import
    from openday.orgs.services import region_create

    parse_ms = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        parse_plan_file(SEED)
        parse_ms.append((time.perf_counter() - start) * 1000)

    first_ms, again_ms = [], []
    for i in range(args.repeat):
        region = region_create(
            name=f"天心区{i}", slug=f"bench-{i}", level="county", kind="district"
        )
        campaign = campaign_create(region=region, year=2023, slug=f"bench-{i}-2023", title="基准")
        start = time.perf_counter()
        plan_import(campaign=campaign, path=SEED)
        first_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        plan_import(campaign=campaign, path=SEED)
        again_ms.append((time.perf_counter() - start) * 1000)

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:<34} median {statistics.median(values):7.1f} ms   "
            f"max {max(values):7.1f} ms   (n={len(values)})"
        )

    print(f"plan import, 50 rows (天心区 seed), database: {django.db.connection.vendor}")
    print(line("parse only", parse_ms))
    print(line("first import (creates 50 units)", first_ms))
    print(line("re-import (no change)", again_ms))


if __name__ == "__main__":
    sys.exit(main())
