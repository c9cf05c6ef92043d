"""Exactly once with real processes: two ``openday worker --burst`` at once, two schedulers at
the same moment, a webhook gateway that is down and comes back, a worker killed mid-send.

The processes share the test's database. PostgreSQL's test database is a real one; SQLite's
lives in this process's memory, so it is copied to a file for them and copied back to be read.
Their clock is the real one, so the waits for a back-off or a lease are real waits, kept short.
"""

import datetime as dt
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from openday.orgs.enums import Role
from openday.reminders import channels
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Delivery, Notification
from openday.reminders.tasks import deliver
from tests.factories import MembershipFactory, UserFactory
from tests.factories.reminders import NotificationPreferenceFactory

SECRET = "a-secret-of-sixteen+"
AS_OF = "2023-06-01 08:00"
LIAISONS = 30
# Longest a process may take; far above what any needs, so only a hang fails on it.
PROCESS_TIMEOUT = 120
# A held webhook request is answered after this at the latest (under the client's timeout).
HOLD_MAX = 20


def june_1() -> dt.datetime:
    return timezone.make_aware(dt.datetime.strptime(AS_OF, "%Y-%m-%d %H:%M"))  # noqa: DTZ007


class Gateway:
    """The SMS gateway behind the webhook, on a real port: it checks each request's signature,
    notes its delivery id, answers ``status``, and can hold one delivery's first request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[dict] = []
        self.status = 200
        self.hold_id: int | None = None
        # Let the held request go as soon as another request arrives (it can only come from
        # another worker: the holder waits), or only when the test sets ``release``.
        self.release_on_next = False
        self.held = threading.Event()
        self.release = threading.Event()
        self.server: ThreadingHTTPServer | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = gateway.answer(self.headers, body)
                try:
                    self.send_response(status)
                    self.end_headers()
                except OSError:
                    pass  # the worker was killed while its request was held

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Close the port: connections are refused until ``start`` opens it again."""
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, headers, body: bytes) -> int:
        delivery_id = int(headers[channels.DELIVERY_HEADER])
        with self.lock:
            hold = delivery_id == self.hold_id and not self.held.is_set()
            if not hold and self.held.is_set() and self.release_on_next:
                self.release.set()
            self.received.append(
                {
                    "id": delivery_id,
                    "payload_id": json.loads(body)["delivery"],
                    "valid": channels.webhook_verify(SECRET, headers, body),
                    "status": self.status,
                    "body": body,
                }
            )
            status = self.status
        if hold:
            self.held.set()
            self.release.wait(HOLD_MAX)
        return status

    def ids(self, status: int | None = None) -> Counter:
        return Counter(r["id"] for r in self.received if status is None or r["status"] == status)


@pytest.fixture
def gateway():
    gateway = Gateway()
    gateway.start()
    yield gateway
    if gateway.server is not None:
        gateway.stop()


class SharedDatabase:
    """The test's database as the worker processes reach it: ``url`` for them, ``publish``
    before they run, ``pull`` to read what they wrote (both copies on SQLite only)."""

    def __init__(self, folder: Path):
        if connection.vendor == "sqlite":
            self.file = folder / "openday.sqlite3"
            self.url = f"sqlite:///{self.file}"
            return
        self.file = None
        db = connection.settings_dict
        self.url = (
            f"postgres://{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
            f"@{quote(db['HOST'], safe='')}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
        )

    def publish(self) -> None:
        if self.file is None:
            return
        connection.ensure_connection()
        self.file.unlink(missing_ok=True)
        with closing(sqlite3.connect(self.file)) as target:
            connection.connection.backup(target)
            # As the processes will have it; switched now, while nobody else holds it open.
            target.execute("PRAGMA journal_mode=WAL")

    def pull(self) -> None:
        if self.file is None:
            return
        with closing(sqlite3.connect(self.file)) as source:
            source.backup(connection.connection)

    def hold_inserts_until_waiting(self, waiters: list[subprocess.Popen]) -> None:
        """Hold off every insert of a notification until ``waiters`` have read what is recorded
        and wait to write, then let them go: they all start from the same picture, as
        processes started at the same moment can."""
        if self.file is None:
            table = Notification._meta.db_table
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{table}" IN SHARE MODE')

                def blocked() -> int:
                    cursor.execute(
                        "SELECT count(*) FROM pg_locks WHERE relation = %s::regclass"
                        " AND NOT granted",
                        [table],
                    )
                    return cursor.fetchone()[0]

                poll(lambda: blocked() == len(waiters) or any_exited(waiters))
            return
        with closing(sqlite3.connect(self.file, isolation_level=None)) as holder:
            holder.execute("BEGIN IMMEDIATE")
            # SQLite does not show who waits for its lock: once a process has the file open,
            # it is a few queries away from its first write; give it ample time for them.
            poll(lambda: all(has_open(p, self.file) for p in waiters) or any_exited(waiters))
            time.sleep(0.5)
            holder.execute("ROLLBACK")


def poll(condition, *, timeout: float = PROCESS_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still waiting after {timeout} s"
        time.sleep(0.02)


def any_exited(processes: list[subprocess.Popen]) -> bool:
    return any(process.poll() is not None for process in processes)


def has_open(process: subprocess.Popen, file: Path) -> bool:
    """Whether ``process`` has ``file`` open (Linux's /proc; elsewhere assumed)."""
    fds = Path(f"/proc/{process.pid}/fd")
    if not Path("/proc/self/fd").is_dir():
        return True
    try:
        entries = list(fds.iterdir())
    except OSError:
        return False
    for entry in entries:
        try:
            if os.readlink(entry) == str(file):
                return True
        except OSError:
            continue
    return False


class Processes:
    """``openday`` commands run as separate processes against the shared database."""

    def __init__(self, folder: Path, database: SharedDatabase, gateway: Gateway):
        self.folder = folder
        self.data_dir = folder / "data"
        self.database = database
        self.gateway = gateway
        self.started: list[subprocess.Popen] = []
        self.logs: dict[int, Path] = {}

    def environ(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("OPENDAY_", "EMAIL_", "DATABASE_URL"))
        }
        env.update(
            OPENDAY_ENV="development",
            DJANGO_SETTINGS_MODULE="openday.settings",
            PYTHONIOENCODING="utf-8",
            DATABASE_URL=self.database.url,
            OPENDAY_DATA_DIR=str(self.data_dir),
            OPENDAY_WEBHOOK_URL=self.gateway.url,
            OPENDAY_WEBHOOK_SECRET=SECRET,
            # The gateway listens on 127.0.0.1: an internal gateway, as an administrator allows.
            OPENDAY_WEBHOOK_ALLOW_HTTP="1",
            OPENDAY_WEBHOOK_ALLOWED_NETWORKS="127.0.0.1/32",
            OPENDAY_WEBHOOK_TIMEOUT=str(HOLD_MAX + 10),
            LOG_LEVEL="WARNING",
            **extra,
        )
        return env

    def start(self, *args: str, **extra: str) -> subprocess.Popen:
        log = self.folder / f"{len(self.started)}-{args[0]}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "openday.cli", *args],
                env=self.environ(**extra),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.started.append(process)
        self.logs[process.pid] = log
        return process

    def output(self, process: subprocess.Popen) -> str:
        return self.logs[process.pid].read_text(encoding="utf-8")

    def finish(self, *processes: subprocess.Popen) -> list[str]:
        """Wait for each; every one must exit 0. Their outputs."""
        for process in processes:
            process.wait(timeout=PROCESS_TIMEOUT)
        for process in processes:
            assert process.returncode == 0, self.output(process)
        return [self.output(process) for process in processes]

    def together(self, count: int, *args: str, **extra: str) -> list[str]:
        """``count`` processes of the same command started at once."""
        return self.finish(*[self.start(*args, **extra) for _ in range(count)])

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait()

    def emails(self) -> Counter:
        """Delivery id → how many messages carry its Message-ID, over every file written."""
        found = Counter()
        for path in (self.data_dir / "mail").glob("*"):
            text = path.read_text(encoding="utf-8")
            found.update(
                int(n) for n in re.findall(r"^Message-ID: <delivery-(\d+)@openday>$", text, re.M)
            )
        return found


@pytest.fixture
def shared(tmp_path):
    return SharedDatabase(tmp_path)


@pytest.fixture
def processes(tmp_path, shared, gateway):
    processes = Processes(tmp_path, shared, gateway)
    yield processes
    processes.stop_all()


def liaisons_on_every_channel(world) -> dict:
    """``LIAISONS`` liaisons over the world's four units, each taking inbox, email and webhook;
    user → the unit they are liaison of."""
    units = [world.jiaoyu, world.yibao, world.chengnan, world.poyang]
    people = {
        world.jiaoyu_liaison: world.jiaoyu,
        world.yibao_liaison: world.yibao,
        world.chengnan_liaison: world.chengnan,
        world.poyang_liaison: world.poyang,
    }
    for n in range(len(people), LIAISONS):
        unit = units[n % len(units)]
        user = UserFactory(username=f"liaison{n:02d}")
        MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=unit.region, unit=unit)
        people[user] = unit
    for n, user in enumerate(people):
        user.email = f"{user.username}@tianxin.example.gov.cn"
        user.save(update_fields=["email"])
        NotificationPreferenceFactory(
            user=user, follow_office=False, by_email=True, by_webhook=True, mobile=f"138{n:08d}"
        )
    return people


def recorded(world) -> dict:
    """The month-start notices of June 2023 recorded for every liaison: channel → delivery ids."""
    liaisons_on_every_channel(world)
    assert len(run_due_jobs(june_1())) == LIAISONS
    return {
        channel: list(
            Delivery.objects.filter(channel=channel).order_by("pk").values_list("pk", flat=True)
        )
        for channel in Channel.values
    }


def states() -> set[tuple[str, str, int]]:
    return set(Delivery.objects.values_list("channel", "state", "attempts"))


def wait_past(moment: dt.datetime) -> None:
    """Let the real clock pass ``moment``: the worker processes read it, so it cannot be faked."""
    left = (moment - timezone.now()).total_seconds()
    if left > 0:
        time.sleep(left + 0.05)


@pytest.mark.parametrize("spare", [False, True], ids=["queued-once", "queued-twice-back-to-back"])
@pytest.mark.django_db(transaction=True)
def test_two_burst_workers_send_each_delivery_exactly_once(
    world, gateway, shared, processes, spare
):
    ids = recorded(world)
    if spare:
        # A spare task beside each delivery's own, as deliveries_requeue leaves them, here back
        # to back: the two workers then claim the same row at the same moment.
        DBTaskResult.objects.all().delete()
        for pk in sorted(pk for pks in ids.values() for pk in pks):
            deliver.enqueue(pk)
            deliver.enqueue(pk)
    # The first webhook waits at the gateway until the other worker's next one arrives: both
    # workers are then certainly sending at the same time.
    gateway.hold_id, gateway.release_on_next = ids[Channel.WEBHOOK][0], True
    shared.publish()

    processes.together(2, "worker", "--burst")

    shared.pull()
    assert states() == {(channel, DeliveryState.SENT, 1) for channel in Channel.values}
    assert Delivery.objects.count() == 3 * LIAISONS
    assert Notification.objects.count() == LIAISONS
    assert gateway.ids() == Counter(ids[Channel.WEBHOOK])
    assert all(r["valid"] and r["payload_id"] == r["id"] for r in gateway.received)
    assert processes.emails() == Counter(ids[Channel.EMAIL])
    tasks = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert len(tasks) == (6 if spare else 3) * LIAISONS
    assert {status for status, _ in tasks} == {TaskResultStatus.SUCCESSFUL}
    assert len({worker for _, workers in tasks for worker in workers}) == 2


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_record_each_month_start_once(world, shared, processes):
    people = liaisons_on_every_channel(world)
    shared.publish()

    schedulers = [processes.start("run-scheduler", "--as-of", AS_OF) for _ in range(2)]
    shared.hold_inserts_until_waiting(schedulers)
    outputs = processes.finish(*schedulers)

    shared.pull()
    assert set(Notification.objects.values_list("recipient__username", "occasion")) == {
        (user.username, f"month-start:2023-06:unit-{unit.pk}") for user, unit in people.items()
    }
    assert Notification.objects.count() == LIAISONS
    assert Delivery.objects.count() == 3 * LIAISONS
    # Only the process that recorded a notice queued its deliveries.
    assert DBTaskResult.objects.count() == 3 * LIAISONS
    printed = [line.split("\t")[1] for out in outputs for line in out.splitlines() if "\t" in line]
    assert Counter(printed) == Counter(user.username for user in people)
    counts = [int(re.search(r"新排队 (\d+) 条提醒", out)[1]) for out in outputs]
    assert sum(counts) == LIAISONS


@pytest.mark.parametrize("down", ["503", "refused"])
@pytest.mark.django_db(transaction=True)
def test_webhook_down_then_back_is_retried_after_the_delay_and_sent_once(
    world, gateway, shared, processes, down
):
    ids = recorded(world)
    shared.publish()
    if down == "503":
        gateway.status = 503
    else:
        gateway.stop()
    # One retry, soon, but not before both workers of the first round are done: a burst worker
    # also runs a retry whose time comes while it is still busy (it would fail again, for good).
    retry = {"OPENDAY_DELIVERY_RETRY_DELAYS": "5"}
    webhooks = Counter(ids[Channel.WEBHOOK])

    before = timezone.now()
    processes.together(2, "worker", "--burst", **retry)
    after = timezone.now()

    shared.pull()
    assert states() == {
        (Channel.INBOX, DeliveryState.SENT, 1),
        (Channel.EMAIL, DeliveryState.SENT, 1),
        (Channel.WEBHOOK, DeliveryState.PENDING, 1),
    }
    waiting = Delivery.objects.filter(channel=Channel.WEBHOOK)
    errors = set(waiting.values_list("last_error", flat=True))
    if down == "503":
        assert errors == {"Webhook 返回 HTTP 503，稍后重试。"}
        assert gateway.ids(503) == webhooks
    else:
        [error] = errors
        assert error == "Webhook 无法连接，稍后重试。"
        assert gateway.received == []
    # Each waits the one delay, and its retry task waits in the queue until then.
    retries = {
        args["args"][0]: run_after
        for args, run_after in DBTaskResult.objects.filter(
            status=TaskResultStatus.READY
        ).values_list("args_kwargs", "run_after")
    }
    assert retries == dict(waiting.values_list("pk", "next_attempt_at"))
    delay = dt.timedelta(seconds=5)
    assert all(before + delay < moment < after + delay for moment in retries.values())

    if down == "503":
        gateway.status = 200
    else:
        gateway.start()
    wait_past(max(retries.values()))
    processes.together(2, "worker", "--burst", **retry)

    shared.pull()
    assert states() == {
        (Channel.INBOX, DeliveryState.SENT, 1),
        (Channel.EMAIL, DeliveryState.SENT, 1),
        (Channel.WEBHOOK, DeliveryState.SENT, 2),
    }
    assert gateway.ids(200) == webhooks
    assert gateway.ids() == (webhooks + webhooks if down == "503" else webhooks)
    assert all(r["valid"] and r["payload_id"] == r["id"] for r in gateway.received)
    assert processes.emails() == Counter(ids[Channel.EMAIL])
    assert Notification.objects.count() == LIAISONS
    assert Delivery.objects.count() == 3 * LIAISONS


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_is_taken_over_after_the_lease_with_the_same_delivery_id(
    world, gateway, shared, processes
):
    ids = recorded(world)
    killed = ids[Channel.WEBHOOK][0]
    gateway.hold_id = killed
    shared.publish()
    # Longer than any send to the local gateway takes, so a live claim is never taken over.
    seconds = 2
    lease = {"OPENDAY_DELIVERY_LEASE": str(seconds)}

    worker = processes.start("worker", **lease)
    assert gateway.held.wait(PROCESS_TIMEOUT), processes.output(worker)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=PROCESS_TIMEOUT)
    gateway.release.set()

    shared.pull()
    claimed = Delivery.objects.get(pk=killed)
    assert (claimed.state, claimed.attempts) == (DeliveryState.SENDING, 1)
    unsent = Delivery.objects.exclude(state=DeliveryState.SENT).count()
    wait_past(claimed.claimed_at + dt.timedelta(seconds=seconds))
    [scheduled] = processes.together(1, "run-scheduler", "--as-of", AS_OF, **lease)
    assert scheduled.splitlines()[-1] == (
        f"{AS_OF}：新排队 0 条提醒。重新排队 {unsent} 条待重试的发送。"
    )
    processes.together(2, "worker", "--burst", **lease)

    shared.pull()
    assert set(Delivery.objects.exclude(pk=killed).values_list("state", "attempts")) == {
        (DeliveryState.SENT, 1)
    }
    claimed.refresh_from_db()
    assert (claimed.state, claimed.attempts) == (DeliveryState.SENT, 2)
    # The gateway saw the killed worker's request and the resend: the same id and body, which
    # is what lets it drop the second. Nothing else came twice.
    assert gateway.ids() == Counter(ids[Channel.WEBHOOK]) + Counter([killed])
    twice = [r for r in gateway.received if r["id"] == killed]
    assert twice[0]["body"] == twice[1]["body"]
    assert all(r["valid"] and r["payload_id"] == r["id"] for r in gateway.received)
    assert processes.emails() == Counter(ids[Channel.EMAIL])
    assert Notification.objects.count() == LIAISONS
    assert Delivery.objects.count() == 3 * LIAISONS
