"""The webhook cannot reach inside: https to public addresses only, checked when an office saves
it and again at every send (DNS rebinding), to the address that was checked; no redirects; a
secret always; the send log says little, the server log the rest.

No test here reaches the network: names resolve through the ``dns`` fixture (conftest), and
receivers listen on 127.0.0.1, allowed as an administrator would allow an internal gateway.
"""

import json
import logging
import shutil
import socket
import ssl
import subprocess

import pytest

from openday.orgs.enums import Role
from openday.reminders import channels, outbound
from openday.reminders.delivery import delivery_send
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import OfficeNotificationSettings
from openday.reminders.outbound import UnsafeWebhook, check_webhook_url, webhook_target
from openday.reminders.services import Draft, notification_record
from tests.factories import MembershipFactory, OfficeFactory, UnitFactory, UserFactory
from tests.factories.reminders import (
    NotificationPreferenceFactory,
    OfficeNotificationSettingsFactory,
)
from tests.reminders.conftest import PUBLIC, SECRET

NOT_ALLOWED = "指向本机、内网或保留地址，不允许使用"
HTTPS_ONLY = "Webhook 地址必须以 https:// 开头"


@pytest.fixture
def office(db):
    office = OfficeFactory(region__name="天心区", region__slug="tianxin", name="天心区政务公开办")
    office.admin = UserFactory(username="tianxin-admin")
    MembershipFactory(user=office.admin, role=Role.OFFICE_ADMIN, region=office.region)
    return office


def settings_url(office) -> str:
    return f"/staff/regions/{office.region.slug}/notification-settings/"


def save(client, office, url, secret=SECRET):
    client.force_login(office.admin)
    return client.post(
        settings_url(office), {"by_webhook": "on", "webhook_url": url, "webhook_secret": secret}
    )


# --- The 提醒设置 page --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        # The examples.
        ("http://169.254.169.254/latest/meta-data/", HTTPS_ONLY),
        ("http://localhost:22/", HTTPS_ONLY),
        ("http://[::1]:8080/hook", HTTPS_ONLY),
        ("ftp://sms.example.gov.cn/hook", HTTPS_ONLY),
        # The same places over https, by number and by name.
        ("https://169.254.169.254/latest/meta-data/", NOT_ALLOWED),
        ("https://localhost:22/", NOT_ALLOWED),
        ("https://[::1]:8443/hook", NOT_ALLOWED),
        ("https://[::ffff:127.0.0.1]/hook", NOT_ALLOWED),
        ("https://127.0.0.1/hook", NOT_ALLOWED),
        ("https://10.0.0.5/hook", NOT_ALLOWED),
        ("https://172.16.8.1/hook", NOT_ALLOWED),
        ("https://192.168.1.1/hook", NOT_ALLOWED),
        ("https://100.64.1.1/hook", NOT_ALLOWED),
        ("https://224.0.0.1/hook", NOT_ALLOWED),
        ("https://0.0.0.0/hook", NOT_ALLOWED),
        ("https://internal.example.gov.cn/hook", NOT_ALLOWED),
        ("https://mixed.example.gov.cn/hook", NOT_ALLOWED),
        # Other tricks.
        ("https://user:secret@sms.example.gov.cn/hook", "不能包含用户名或密码"),
        (
            "https://nowhere.example.gov.cn/hook",
            "找不到 Webhook 地址的主机“nowhere.example.gov.cn”",
        ),
        ("https://2130706433/hook", "请输入完整的网址"),
        ("https://0x7f.1/hook", "请输入完整的网址"),
    ],
)
def test_the_office_cannot_save_a_webhook_that_reaches_inside(client, office, dns, url, message):
    dns["internal.example.gov.cn"] = ["10.1.2.3"]
    dns["mixed.example.gov.cn"] = [PUBLIC, "127.0.0.1"]

    response = save(client, office, url)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OfficeNotificationSettings.objects.exists()


def test_a_public_https_webhook_is_saved_with_its_path_encoded(client, office):
    response = save(client, office, "https://SMS.example.gov.cn/短信/hook?to=网关")

    assert response.status_code == 302
    saved = OfficeNotificationSettings.objects.get(office=office)
    assert saved.webhook_url == (
        "https://sms.example.gov.cn/%E7%9F%AD%E4%BF%A1/hook?to=%E7%BD%91%E5%85%B3"
    )
    assert saved.webhook_secret == SECRET


def test_a_webhook_is_not_saved_without_a_secret(client, office):
    response = save(client, office, "https://sms.example.gov.cn/hook", secret="")

    assert response.status_code == 400
    assert "填写 Webhook 地址时，请设置签名密钥（至少16个字符）。" in response.content.decode()
    assert not OfficeNotificationSettings.objects.exists()


def test_an_internal_gateway_needs_both_settings_and_only_its_network(
    client, office, dns, settings
):
    dns["gw.example.gov.cn"] = ["10.8.0.7"]
    dns["db.example.gov.cn"] = ["10.9.0.1"]
    url = "http://gw.example.gov.cn:8080/hook"

    assert HTTPS_ONLY in save(client, office, url).content.decode()
    settings.OPENDAY_WEBHOOK_ALLOW_HTTP = True
    assert NOT_ALLOWED in save(client, office, url).content.decode()
    settings.OPENDAY_WEBHOOK_ALLOWED_NETWORKS = ["10.8.0.0/24"]
    refused = save(client, office, "http://db.example.gov.cn:5432/")
    assert NOT_ALLOWED in refused.content.decode()
    assert not OfficeNotificationSettings.objects.exists()

    assert save(client, office, url).status_code == 302
    assert OfficeNotificationSettings.objects.get(office=office).webhook_url == url


@pytest.mark.parametrize(
    "url",
    [
        "https://2130706433/",
        "https://0x7f.1/",
        "https://0x7f000001/",
        "https://017700000001/",
        "https://0177.0.0.1/",
        "https://127.1/",
        "https://127.000.000.001/",
        "https://0/",
        "https://[::]/",
        "https://[fe80::1]/",
        "https://[fc00::1]/",
        "https://[ff02::1]/",
        "https://[::ffff:a9fe:a9fe]/",
        "https://[64:ff9b::7f00:1]/",
        "https://[2002:7f00:1::]/",
        "https://[::7f00:1]/",
        "https://100.127.255.254/",
        "https://198.18.0.1/",
        "https://240.0.0.1/",
        "https://255.255.255.255/",
        "http://sms.example.gov.cn/hook",
        "file:///etc/passwd",
        "gopher://sms.example.gov.cn/",
    ],
)
def test_no_spelling_of_an_inside_address_passes(url):
    with pytest.raises(UnsafeWebhook):
        check_webhook_url(url)


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://93.184.216.34/hook", "https://93.184.216.34/hook"),
        ("https://[2001:4860:4860::8888]:8443/a", "https://[2001:4860:4860::8888]:8443/a"),
        ("https://sms.example.gov.cn:443/a%20b", "https://sms.example.gov.cn/a%20b"),
        ("https://sms.example.gov.cn", "https://sms.example.gov.cn/"),
    ],
)
def test_public_addresses_pass_as_they_are(url, stored):
    assert check_webhook_url(url).url == stored


# --- At every send ---------------------------------------------------------------------------


@pytest.fixture
def person(office, settings):
    """A liaison of the office's region who takes SMS, and nowhere a connection may go."""
    settings.OPENDAY_DELIVERY_RETRY_DELAYS = [60]
    user = UserFactory(username="jiaoyu")
    unit = UnitFactory(region=office.region, name="区教育局")
    MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=office.region, unit=unit)
    NotificationPreferenceFactory(
        user=user, follow_office=False, by_webhook=True, mobile="13800000001"
    )
    return user


def webhook_of(user, occasion="test:1"):
    notification = notification_record(
        draft=Draft(recipient=user, occasion=occasion, title="报备即将到期")
    )
    return notification.deliveries.get(channel=Channel.WEBHOOK)


def send(delivery):
    return delivery_send(delivery_id=delivery.pk)


@pytest.fixture
def connections(monkeypatch):
    """Every outgoing connection the test made, by address; none refused here."""
    made = []
    real = socket.create_connection

    def record(address, *args, **kwargs):
        made.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", record)
    return made


def test_a_stored_inside_address_is_refused_at_send_without_connecting(
    person, office, connections, caplog
):
    # Saved before these checks existed.
    OfficeNotificationSettingsFactory(
        office=office,
        webhook_url="http://169.254.169.254/latest/meta-data/",
        webhook_secret=SECRET,
    )

    with caplog.at_level(logging.WARNING, logger="openday.reminders.delivery"):
        failed = send(webhook_of(person))

    assert failed.state == DeliveryState.FAILED
    assert failed.last_error == channels.WEBHOOK_NOT_ALLOWED
    assert connections == []
    assert f"delivery {failed.pk} (webhook, attempt 1) failed" in caplog.text
    assert "http://169.254.169.254/latest/meta-data/" in caplog.text


def test_a_name_that_turns_inside_after_it_was_saved_is_refused(
    client, office, person, receiver, dns, settings, connections
):
    """DNS rebinding: public when the office saved it, 127.0.0.1 when the worker sends."""
    hook = receiver(200)
    settings.OPENDAY_WEBHOOK_ALLOWED_NETWORKS = []
    dns["rebind.example.gov.cn"] = [[PUBLIC], ["127.0.0.1"]]
    assert save(client, office, f"http://rebind.example.gov.cn:{hook.port}/hook").status_code == 302

    failed = send(webhook_of(person))

    assert failed.state == DeliveryState.FAILED
    assert failed.last_error == channels.WEBHOOK_NOT_ALLOWED
    assert hook.requests == []
    assert connections == []


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(
    office, person, receiver, dns, connections
):
    hook = receiver(200)
    # A second lookup would get an address that is not allowed.
    dns["gw.example.gov.cn"] = [["127.0.0.1"], ["10.66.0.1"]]
    OfficeNotificationSettingsFactory(
        office=office,
        webhook_url=f"http://gw.example.gov.cn:{hook.port}/hook",
        webhook_secret=SECRET,
    )

    sent = send(webhook_of(person))

    assert sent.state == DeliveryState.SENT
    assert dns.asked == ["gw.example.gov.cn"]
    assert connections == [("127.0.0.1", hook.port)]
    [request] = hook.requests
    assert request["headers"]["Host"] == f"gw.example.gov.cn:{hook.port}"
    assert request["valid"]


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for hook.example.test (and not for 127.0.0.1)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=hook.example.test",
            "-addext",
            "subjectAltName=DNS:hook.example.test",
        ],
        check=True,
        capture_output=True,
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    return server, cert


def test_tls_checks_the_certificate_against_the_name_not_the_address(
    person, receiver, dns, settings, certificate, monkeypatch
):
    server, cert = certificate
    monkeypatch.setattr(outbound, "tls_context", lambda: ssl.create_default_context(cafile=cert))
    hook = receiver(200, tls=server)
    settings.OPENDAY_WEBHOOK_SECRET = SECRET
    dns["hook.example.test"] = ["127.0.0.1"]

    settings.OPENDAY_WEBHOOK_URL = f"https://hook.example.test:{hook.port}/hook"
    sent = send(webhook_of(person))
    settings.OPENDAY_WEBHOOK_URL = f"https://127.0.0.1:{hook.port}/hook"
    refused = send(webhook_of(person, occasion="test:2"))

    assert sent.state == DeliveryState.SENT
    assert refused.state == DeliveryState.PENDING
    assert refused.last_error == channels.WEBHOOK_UNREACHABLE
    assert len(hook.requests) == 1


def test_a_redirect_is_a_permanent_failure_and_not_followed(person, receiver, settings):
    hook = receiver(302)
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = hook.url, SECRET

    failed = send(webhook_of(person))

    assert failed.state == DeliveryState.FAILED
    assert failed.last_error == "接收方要求重定向，已拒绝。"
    assert [r["path"] for r in hook.requests] == ["/hook"]


def test_a_non_ascii_path_is_sent_percent_encoded(person, receiver, settings):
    hook = receiver(200)
    settings.OPENDAY_WEBHOOK_SECRET = SECRET
    settings.OPENDAY_WEBHOOK_URL = f"http://127.0.0.1:{hook.port}/短信/hook?to=网关"

    sent = send(webhook_of(person))

    assert sent.state == DeliveryState.SENT
    [request] = hook.requests
    assert request["path"] == "/%E7%9F%AD%E4%BF%A1/hook?to=%E7%BD%91%E5%85%B3"
    assert json.loads(request["body"])["recipient"]["mobile"] == "13800000001"


def test_nothing_goes_out_unsigned(person, receiver, settings):
    hook = receiver(200)
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = hook.url, ""

    failed = send(webhook_of(person))

    assert failed.state == DeliveryState.FAILED
    assert failed.last_error == "Webhook 未设置签名密钥，已拒绝发送。"
    assert hook.requests == []


def test_the_send_log_gets_a_generic_reason_and_the_server_log_the_detail(
    person, receiver, settings, caplog
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = (
        f"http://127.0.0.1:{port}/hook",
        SECRET,
    )

    with caplog.at_level(logging.WARNING, logger="openday.reminders.delivery"):
        pending = send(webhook_of(person))

    assert pending.state == DeliveryState.PENDING
    assert pending.last_error == "Webhook 无法连接，稍后重试。"
    assert str(port) not in pending.last_error
    [record] = caplog.records
    assert f"delivery {pending.pk} (webhook, attempt 1) failed" in record.getMessage()
    assert f"127.0.0.1:{port}" in record.getMessage()
    assert "ConnectionRefusedError" in record.getMessage()


def test_a_receiver_that_never_answers_is_a_timeout(person, receiver, settings):
    # Accepts connections (the kernel does, from the backlog) and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    settings.OPENDAY_WEBHOOK_TIMEOUT = 0.2
    settings.OPENDAY_WEBHOOK_URL = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
    settings.OPENDAY_WEBHOOK_SECRET = SECRET
    try:
        pending = send(webhook_of(person))
    finally:
        silent.close()

    assert pending.state == DeliveryState.PENDING
    assert pending.last_error == "Webhook 超时，稍后重试。"


def test_the_target_keeps_the_host_for_the_request_and_the_path_encoded():
    target = webhook_target("https://短信.example.gov.cn:8443/发送?a=1&b=二")

    assert target.host == "xn--vuq298g.example.gov.cn"
    assert target.port == 8443
    assert target.path == "/%E5%8F%91%E9%80%81?a=1&b=%E4%BA%8C"
