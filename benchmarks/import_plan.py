"""How long importing a plan takes: parse only, first import, and re-import, for the
50-row plan of 天心区's notice and a 5,000-row plan (a tab-separated table written here:
months on the first row of each, 100 units, the notices' forms).

    .venv/bin/python benchmarks/import_plan.py [--repeat 20] [--repeat-large 3]

Runs against a throwaway SQLite database (or DATABASE_URL if set). Prints milliseconds, the
machine's cores and the database. Target: the 50-row first import < 0.2 s.
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
FORMS = ["政策宣传", "座谈交流", "实地调研", "现场观摩", "调查征集", "政策宣传、其他形式"]


def large_plan(folder: Path, rows: int = 5000) -> Path:
    """A plan table of ``rows`` rows as offices paste it: 序号, the month on its first row."""
    lines = ["2023年“政务公开主题日”活动计划表", "序号\t活动时间\t活动主题\t活动形式\t责任单位"]
    per_month = -(-rows // 12)
    for k in range(rows):
        month = f"{k // per_month + 1}月" if k % per_month == 0 else ""
        unit = f"第{k % 20 + 1}街道办事处" if k % 5 == 4 else f"区第{k % 80 + 1}局"
        lines.append(f"{k + 1}\t{month}\t政务公开开放日活动第{k + 1}场\t{FORMS[k % 6]}\t{unit}")
    path = folder / "plan-5000.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--repeat-large", type=int, default=3)
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

    def measure(path: Path, repeat: int, tag: str) -> tuple[list, list, list]:
        parse_ms = []
        for _ in range(repeat):
            start = time.perf_counter()
            parse_plan_file(path)
            parse_ms.append((time.perf_counter() - start) * 1000)
        first_ms, again_ms = [], []
        for i in range(repeat):
            region = region_create(
                name=f"天心区{tag}{i}", slug=f"bench-{tag}-{i}", level="county", kind="district"
            )
            campaign = campaign_create(
                region=region, year=2023, slug=f"bench-{tag}-{i}-2023", title="基准"
            )
            start = time.perf_counter()
            plan_import(campaign=campaign, path=path)
            first_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            plan_import(campaign=campaign, path=path)
            again_ms.append((time.perf_counter() - start) * 1000)
        return parse_ms, first_ms, again_ms

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:<34} median {statistics.median(values):7.1f} ms   "
            f"max {max(values):7.1f} ms   (n={len(values)})"
        )

    print(f"plan import, database: {django.db.connection.vendor}, {os.cpu_count()} cores")
    parse_ms, first_ms, again_ms = measure(SEED, args.repeat, "s")
    print("50 rows (天心区 seed)")
    print(line("  parse only", parse_ms))
    print(line("  first import (creates 50 units)", first_ms))
    print(line("  re-import (no change)", again_ms))
    parse_ms, first_ms, again_ms = measure(
        large_plan(Path(os.environ["OPENDAY_DATA_DIR"])), args.repeat_large, "l"
    )
    print("5,000 rows (tab-separated text, 100 units)")
    print(line("  parse only", parse_ms))
    print(line("  first import (creates 100 units)", first_ms))
    print(line("  re-import (no change)", again_ms))


if __name__ == "__main__":
    sys.exit(main())
