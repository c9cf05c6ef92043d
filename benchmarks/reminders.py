"""How long the reminder jobs take over a province-sized year, and how fast workers send them.

    .venv/bin/python benchmarks/reminders.py [--regions 20] [--activities 100] [--workers 2]

Builds the year in a throwaway SQLite database under a fresh temporary folder, or in
DATABASE_URL when it is set: that must be an empty scratch database, and the script refuses to
run against one that has any table. The year: N county regions, each with an office (defaults:
inbox and email), an office admin, a RUNNING 2023 campaign with its rules, ~M/5 units (a fifth
of them streets) with one liaison each, and M activities with one host each (one in ten hosted
by 各街道办事处). Most are scheduled on June's working days, one in five spans June–July and is
scheduled in the second week of July; a third of those before 6-9 are already held (filing
met, report and publicity deadlines open). Deadlines come from the campaign's rules as
``deadlines.refresh`` computes them, so many are overdue on the benchmark dates.

Then ``run_due_jobs`` at 2023-06-12 08:00 and at 2023-07-03 08:00 (month-start, deadline-soon,
deadline-missed and month-end all due), each run once and again (the rerun must record
nothing), and K ``openday worker --burst`` processes at once send what was queued, email
through the file backend. Prints milliseconds, notifications and SQL queries of each run,
deliveries per second, and whether every delivery was sent exactly once; exits 1 if not.
"""

import argparse
import collections
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

MOMENTS = ["2023-06-12 08:00", "2023-07-03 08:00"]
ACTIVITIES_PER_UNIT = 5
STREET_SHARE = 5  # one unit in five is a street
SPANS_JULY = 5  # one activity in five runs June–July
GROUP_HOSTED = 10  # one activity in ten is hosted by 各街道办事处
HELD_EVERY = 3  # of the activities before HELD_BEFORE, one in three is already held
HELD_BEFORE = dt.date(2023, 6, 9)
JULY_WEEK = (dt.date(2023, 7, 10), dt.date(2023, 7, 14))
# A burst worker exits once the queue is empty; one still running after this is stuck.
WORKER_TIMEOUT = 600
MESSAGE_ID = re.compile(r"^Message-ID: <delivery-(\d+)@openday>$", re.M)


@dataclass
class World:
    seconds: float = 0
    regions: int = 0
    units: int = 0
    users: int = 0
    activities: int = 0
    deadlines: int = 0


@dataclass
class Run:
    moment: str
    label: str
    ms: float
    recorded: int
    queries: int
    by_job: collections.Counter = field(default_factory=collections.Counter)


@dataclass
class Sending:
    deliveries: int
    seconds: float
    span: float
    per_worker: list[int]
    problems: list[str]


def build_year(regions: int, per_region: int) -> World:
    """The year, through the models: services where one row is made per region, bulk_create
    for the many rows (units without aliases: only importers match on them)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from openday.activities.deadlines import resolve, rules_of
    from openday.activities.enums import DeadlineKind
    from openday.activities.models import Activity, ActivityDeadline, ActivityHost
    from openday.campaigns.enums import CampaignPhase
    from openday.campaigns.services import campaign_create, campaign_set_rules
    from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind
    from openday.orgs.models import Membership, Unit
    from openday.orgs.services import office_set, region_create
    from openday.reminders.models import OfficeNotificationSettings
    from openday.workdays.calendar import WorkdayCalendar

    user_model = get_user_model()
    start = time.perf_counter()
    workdays = [day.date for day in WorkdayCalendar().year(2023) if day.workday]
    june = [day for day in workdays if day.month == 6]
    july = [day for day in workdays if JULY_WEEK[0] <= day <= JULY_WEEK[1]]
    unit_count = max(2, per_region // ACTIVITIES_PER_UNIT)
    # Hashing a password per user would dominate the build; nobody logs in here.
    password = make_password(None)
    world = World(regions=regions)
    with transaction.atomic():
        province = region_create(
            name="基准省", slug="bench", level=RegionLevel.PROVINCE, kind=RegionKind.PROVINCE
        )
        city = region_create(
            name="基准市",
            slug="bench-city",
            level=RegionLevel.CITY,
            kind=RegionKind.CITY,
            parent=province,
        )
        for i in range(1, regions + 1):
            region = region_create(
                name=f"基准{i}区",
                slug=f"bench-{i}",
                level=RegionLevel.COUNTY,
                kind=RegionKind.DISTRICT,
                parent=city,
            )
            office = office_set(region=region, name=f"{region.name}政务公开办")
            OfficeNotificationSettings.objects.create(office=office, by_email=True)
            campaign = campaign_create(
                region=region,
                year=2023,
                slug=f"bench-{i}-2023",
                title=f"{region.name}2023年“政务公开主题日”活动实施方案",
                phase=CampaignPhase.RUNNING,
            )
            campaign_set_rules(
                campaign=campaign,
                filing_lead_days=5,
                report_due_days=5,
                publicity_due_days=7,
                publicity_due_working=False,
                remind_before_workdays=2,
                min_staff=3,
                banner_templates=["{unit}{year}年政务公开主题日活动"],
            )
            units = Unit.objects.bulk_create(
                Unit(region=region, name=f"第{j}街道办事处", kind=UnitKind.STREET)
                if j % STREET_SHARE == 0
                else Unit(region=region, name=f"区第{j}局", kind=UnitKind.DEPARTMENT)
                for j in range(1, unit_count + 1)
            )
            people = user_model.objects.bulk_create(
                user_model(
                    username=username,
                    email=f"{username}@bench.example.gov.cn",
                    password=password,
                )
                for username in [f"admin{i}", *(f"r{i}u{j}" for j in range(1, unit_count + 1))]
            )
            Membership.objects.bulk_create(
                [
                    Membership(user=people[0], role=Role.OFFICE_ADMIN, region=region),
                    *(
                        Membership(user=user, role=Role.UNIT_LIAISON, region=region, unit=unit)
                        for user, unit in zip(people[1:], units, strict=True)
                    ),
                ]
            )
            activities = Activity.objects.bulk_create(
                _activity(Activity, campaign, k, june, july) for k in range(per_region)
            )
            ActivityHost.objects.bulk_create(_hosts(ActivityHost, activities, units))
            deadlines = []
            for activity in activities:
                for rule in rules_of(activity):
                    base = getattr(activity, rule.base)
                    if base is None:
                        continue
                    due_on, provisional = resolve(rule, base)
                    met = rule.kind == DeadlineKind.FILING and activity.held_on is not None
                    deadlines.append(
                        ActivityDeadline(
                            activity=activity,
                            kind=rule.kind,
                            rule_days=rule.days,
                            rule_working=rule.working,
                            base_date=base,
                            due_on=due_on,
                            provisional=provisional,
                            done_on=due_on if met else None,
                        )
                    )
            ActivityDeadline.objects.bulk_create(deadlines)
            world.units += len(units)
            world.users += len(people)
            world.activities += len(activities)
            world.deadlines += len(deadlines)
    world.seconds = time.perf_counter() - start
    return world


def _activity(model, campaign, k: int, june: list, july: list):
    from openday.activities.enums import ActivityState

    if k % SPANS_JULY == SPANS_JULY - 1:
        months, scheduled_on = (6, 7), july[k // SPANS_JULY % len(july)]
    else:
        months, scheduled_on = (6, 6), june[k % len(june)]
    held = scheduled_on < HELD_BEFORE and k % HELD_EVERY == 0
    return model(
        campaign=campaign,
        seq=k + 1,
        title=f"政务公开主题日活动{k + 1}",
        month_start=months[0],
        month_end=months[1],
        state=ActivityState.HELD if held else ActivityState.SCHEDULED,
        scheduled_on=scheduled_on,
        held_on=scheduled_on if held else None,
    )


def _hosts(model, activities: list, units: list) -> list:
    """One host each: 各街道办事处 for one activity in ten, else the units in turn, so every
    unit hosts some directly."""
    from openday.orgs.enums import UnitGroup

    hosts, direct = [], 0
    for k, activity in enumerate(activities):
        if k % GROUP_HOSTED == GROUP_HOSTED - 3:
            hosts.append(
                model(
                    activity=activity, unit=None, group=UnitGroup.ALL_STREETS, text="各街道办事处"
                )
            )
        else:
            unit = units[direct % len(units)]
            direct += 1
            hosts.append(model(activity=activity, unit=unit, text=unit.name))
    return hosts


def timed_run(moment: str, label: str) -> Run:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openday.reminders.jobs import run_due_jobs

    as_of = timezone.make_aware(dt.datetime.strptime(moment, "%Y-%m-%d %H:%M"))  # noqa: DTZ007
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        queued = run_due_jobs(as_of)
        ms = (time.perf_counter() - start) * 1000
    return Run(
        moment=moment,
        label=label,
        ms=ms,
        recorded=len(queued),
        queries=len(queries),
        by_job=collections.Counter(q.job for q in queued),
    )


def send(workers: int, env: dict, data: Path) -> Sending:
    """``workers`` burst workers at once; then what they did, checked delivery by delivery."""
    from django.db import connection
    from django.db.models import Max, Min
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from openday.reminders.enums import Channel, DeliveryState
    from openday.reminders.models import Delivery

    connection.close()
    logs = [data / f"worker-{n}.log" for n in range(workers)]
    start = time.perf_counter()
    processes = []
    for log in logs:
        with log.open("wb") as out:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "openday.cli", "worker", "--burst"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    for process in processes:
        try:
            process.wait(timeout=max(1, start + WORKER_TIMEOUT - time.perf_counter()))
        except subprocess.TimeoutExpired:
            process.kill()  # reported below by its exit code
            process.wait()
    seconds = time.perf_counter() - start

    problems = []
    for process, log in zip(processes, logs, strict=True):
        if process.returncode:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            problems.append(f"worker {process.pid} exited {process.returncode}:\n{tail}")
    deliveries = Delivery.objects.count()
    wrong = collections.Counter(
        Delivery.objects.exclude(state=DeliveryState.SENT, attempts=1).values_list(
            "state", "attempts"
        )
    )
    if wrong:
        problems.append(f"deliveries not SENT on their first attempt: {dict(wrong)}")
    wanted = collections.Counter(
        Delivery.objects.filter(channel=Channel.EMAIL).values_list("pk", flat=True)
    )
    written = collections.Counter()
    for path in (data / "mail").glob("*"):
        written.update(int(n) for n in MESSAGE_ID.findall(path.read_text(encoding="utf-8")))
    if written != wanted:
        twice = sum(1 for n in written.values() if n > 1)
        missing = len(wanted - written)
        problems.append(f"emails: {missing} missing, {twice} written more than once")
    tasks = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    failed = sum(1 for status, _ in tasks if status != TaskResultStatus.SUCCESSFUL)
    if failed:
        problems.append(f"{failed} of {len(tasks)} tasks did not succeed")
    per_worker = collections.Counter(ids[-1] for _, ids in tasks if ids)
    span = Delivery.objects.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    return Sending(
        deliveries=deliveries,
        seconds=seconds,
        span=(span["last"] - span["first"]).total_seconds() if span["first"] else 0,
        per_worker=sorted(per_worker.values(), reverse=True),
        problems=problems,
    )


def run_line(run: Run) -> str:
    jobs = ", ".join(f"{job} {n}" for job, n in run.by_job.items()) or "-"
    return (
        f"{run.moment} {run.label:<6} {run.ms:9.1f} ms  {run.recorded:6d} recorded  "
        f"{run.queries:7d} queries   ({jobs})"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--activities", type=int, default=100, help="per region")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="openday-bench-"))
    code = 1
    try:
        code = benchmark(args, data)
    finally:
        if code == 1:
            print(f"kept {data} for a look", file=sys.stderr)
        else:
            shutil.rmtree(data, ignore_errors=True)
    return code


def benchmark(args: argparse.Namespace, data: Path) -> int:
    """0 when every delivery went out exactly once, 1 when not, 2 when refused."""
    # A fresh data folder (database, mail files) each run; a real mail server or a development
    # OPENDAY_* setting of the caller's shell is never used.
    for key in [key for key in os.environ if key.startswith(("OPENDAY_", "EMAIL_"))]:
        del os.environ[key]
    os.environ.update(
        OPENDAY_ENV="development",
        OPENDAY_DATA_DIR=str(data),
        DJANGO_SETTINGS_MODULE="openday.settings",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openday.activities.selectors import overdue_deadlines

    if "DATABASE_URL" in os.environ and connection.introspection.table_names():
        print(
            f"refusing to run: DATABASE_URL's database {connection.settings_dict['NAME']!r} "
            "has tables; point it at an empty scratch database",
            file=sys.stderr,
        )
        return 2
    call_command("migrate", verbosity=0)

    print(
        f"reminders, {args.regions} regions × {args.activities} activities, "
        f"database: {connection.vendor}, {os.cpu_count()} cores"
    )
    world = build_year(args.regions, args.activities)
    overdue = "overdue: " + ", ".join(
        f"{overdue_deadlines(dt.date.fromisoformat(moment[:10])).count()} on {moment[5:10]}"
        for moment in MOMENTS
    )
    print(
        f"world built in {world.seconds:.1f} s: {world.units} units, {world.users} users, "
        f"{world.activities} activities, {world.deadlines} deadlines ({overdue})"
    )
    # CaptureQueriesContext counts what the connection's log holds, 9000 entries by default.
    connection.queries_log = collections.deque()
    runs = []
    for moment in MOMENTS:
        for label in ("first", "rerun"):
            runs.append(timed_run(moment, label))
            print(run_line(runs[-1]))
    repeated = sum(run.recorded for run in runs if run.label == "rerun")
    if repeated:
        print(f"NOT idempotent: the reruns recorded {repeated} notifications")

    sending = send(args.workers, dict(os.environ), data)
    rate = sending.deliveries / sending.seconds
    span_rate = sending.deliveries / sending.span if sending.span else 0
    print(
        f"sending: {args.workers} × openday worker --burst, {sending.deliveries} deliveries "
        f"in {sending.seconds:.1f} s = {rate:.0f}/s (tasks per worker: {sending.per_worker})"
    )
    if sending.problems:
        print("NOT exactly once:", *sending.problems, sep="\n  ")
    else:
        print(
            f"exactly once: all {sending.deliveries} deliveries SENT on their first attempt, "
            "one email per Message-ID"
        )

    recorded = sum(run.recorded for run in runs)
    print()
    print(
        f"== summary: {args.regions} regions × {args.activities} activities, "
        f"{args.workers} workers, {connection.vendor} =="
    )
    print(
        f"world               {world.seconds:6.1f} s    {world.activities} activities, "
        f"{world.deadlines} deadlines ({overdue}), {world.users} users"
    )
    for run in runs:
        print(
            f"jobs {run.moment[:10]} {run.label:<5} {run.ms:8.0f} ms  "
            f"{run.recorded:6d} recorded  {run.queries:7d} queries"
        )
    print(f"notifications       {recorded:6d}       {sending.deliveries} deliveries (inbox, email)")
    print(
        f"sending             {sending.seconds:6.1f} s    {rate:.0f} deliveries/s wall "
        f"(with process start-up), {span_rate:.0f}/s first to last send"
    )
    print(f"reruns record       {repeated:6d}")
    print(f"exactly once        {'no' if sending.problems else 'yes'}")
    return 1 if repeated or sending.problems else 0


if __name__ == "__main__":
    sys.exit(main())
