"""A running 天心区 2023 campaign with rules, a department, two streets and their liaisons; and
a DNS that never leaves the machine."""

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from openday.activities.enums import DeadlineKind
from openday.campaigns.services import campaign_set_rules
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitGroup, UnitKind
from openday.reminders import channels
from tests.factories import (
    ActivityDeadlineFactory,
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)


def add(campaign, seq, title, months, *hosts):
    start, end = months
    activity = ActivityFactory(
        campaign=campaign, seq=seq, title=title, month_start=start, month_end=end
    )
    for position, host in enumerate(hosts):
        if isinstance(host, str):
            ActivityHostFactory(
                activity=activity, position=position, unit=None, group=host, text="各街道办事处"
            )
        else:
            ActivityHostFactory(activity=activity, position=position, unit=host, text=host.name)
    return activity


def liaison(unit, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=unit.region, unit=unit)
    return user


class World:
    def __init__(self):
        city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=city)
        self.jiaoyu = UnitFactory(region=self.region, name="区教育局")
        self.yibao = UnitFactory(region=self.region, name="区医保局")
        self.chengnan = UnitFactory(
            region=self.region, name="城南路街道办事处", kind=UnitKind.STREET
        )
        self.poyang = UnitFactory(region=self.region, name="坡子街街道办事处", kind=UnitKind.STREET)
        self.campaign = CampaignFactory(region=self.region, slug="tianxin-2023")
        campaign_set_rules(
            campaign=self.campaign,
            min_staff=3,
            banner_templates=["{unit}{year}年政务公开主题日活动"],
        )
        first = add(self.campaign, 1, "教育政策进校园", (6, 6), self.jiaoyu)
        first.scheduled_on = dt.date(2023, 6, 15)
        first.save(update_fields=["scheduled_on"])
        ActivityDeadlineFactory(
            activity=first,
            kind=DeadlineKind.FILING,
            rule_days=5,
            rule_working=True,
            base_date=first.scheduled_on,
            due_on=dt.date(2023, 6, 8),
        )
        add(self.campaign, 2, "医保政策宣讲", (5, 7), self.yibao, self.jiaoyu)
        add(self.campaign, 3, "教育局七月活动", (7, 7), self.jiaoyu)
        add(self.campaign, 4, "街道开放日", (6, 6), UnitGroup.ALL_STREETS)
        self.jiaoyu_liaison = liaison(self.jiaoyu, "jiaoyu")
        self.yibao_liaison = liaison(self.yibao, "yibao")
        self.chengnan_liaison = liaison(self.chengnan, "chengnan")
        self.poyang_liaison = liaison(self.poyang, "poyang")


@pytest.fixture
def world(db):
    return World()


SECRET = "a-secret-of-sixteen+"


class Receiver:
    """A webhook receiver on a real port of 127.0.0.1 that answers with the statuses it is
    given, in turn (a 3xx with a Location); over TLS with ``tls``, a server-side context."""

    def __init__(self, *statuses: int, tls: ssl.SSLContext | None = None):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                        "valid": channels.webhook_verify(SECRET, self.headers, body),
                    }
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", f"{receiver.url}/elsewhere")
                self.end_headers()

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    """Receivers on 127.0.0.1, reachable as an internal gateway an administrator allowed."""
    settings.OPENDAY_WEBHOOK_ALLOW_HTTP = True
    settings.OPENDAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    made = []

    def make(*statuses, tls=None):
        made.append(Receiver(*statuses, tls=tls))
        return made[-1]

    yield make
    for one in made:
        one.close()


PUBLIC = "93.184.216.34"
_real_getaddrinfo = socket.getaddrinfo


class FakeDNS:
    """``socket.getaddrinfo`` from a table: a name maps to its addresses, or to a list of such
    lists answered in turn (a name that changes its answer: DNS rebinding). IP addresses are
    looked up as usual (no network); any other name does not exist. ``asked`` lists the names
    looked up."""

    def __init__(self):
        self.answers: dict[str, list] = {
            "sms.example.gov.cn": [PUBLIC],
            "localhost": ["127.0.0.1", "::1"],
        }
        self.asked: list[str] = []

    def __setitem__(self, name: str, addresses: list) -> None:
        self.answers[name] = addresses

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:
            return _real_getaddrinfo(host, port, family, type, proto, flags)
        self.asked.append(host)
        answer = self.answers.get(host)
        if not answer:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if isinstance(answer[0], list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        port = int(port or 0)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answer
        ]


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """No test of reminders asks a real DNS server, nor reaches a real host by name."""
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake
