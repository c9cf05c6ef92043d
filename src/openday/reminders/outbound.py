"""Where a webhook may go, and a connection that goes only there.

An office types its SMS gateway's address; the server then POSTs to it. Without care that lets
an office admin make the server call itself or its network (cloud metadata at 169.254.169.254,
a database on localhost, an admin page on 10.x) and read the differences in the send log. So:

- ``webhook_target(url)`` parses and checks the address without the network: https only (http
  only with ``OPENDAY_WEBHOOK_ALLOW_HTTP``), no user name or password in it, a host name or a
  canonically written IP address (``2130706433``, ``0x7f.1`` or ``127.1`` mean 127.0.0.1 to the
  resolver and are refused), a valid port; the path and query are percent-encoded so a
  non-ASCII path is a valid request line.
- ``resolve(target)`` looks the host up once and checks every address: each must be public
  (not loopback, private, link-local, CGNAT 100.64/10, multicast, reserved, unspecified, nor an
  IPv4-mapped, 6to4 or similar IPv6 spelling of one), or inside a network an administrator
  listed in ``OPENDAY_WEBHOOK_ALLOWED_NETWORKS`` (an internal SMS gateway).
- ``open_connection(target, addresses)`` connects to those checked addresses, never to the name
  again, so a DNS answer that changes between the check and the connection (DNS rebinding)
  cannot redirect it; TLS still sends and verifies the original host name.

The form runs ``webhook_target`` and ``resolve`` when an office saves its address; the sender
runs them again before each request. ``UnsafeWebhook`` carries a Chinese message that names
what is wrong, for the form; the send log shows only a generic reason.
"""

import http.client
import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# What a resolver (inet_aton) reads as an IPv4 address besides the dotted quad: 1 to 4 parts,
# each decimal, octal (leading 0) or hex (0x).
_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.I)
# RFC 3986 characters that may stay as they are in a path or a query; "%" keeps escapes.
_PATH_SAFE = "/%!$&'()*+,;=:@-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
# IPv4 embedded in IPv6 by NAT64 (RFC 6052): the gateway would forward to the IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeWebhook(ValueError):
    """The address may not be used; ``message`` says why, in Chinese, for the form."""

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail or message


class UnresolvedWebhook(UnsafeWebhook):
    """The host name does not resolve (now): worth another try when sending."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # ASCII (IDNA) host name or IP address, without brackets
    port: int
    path: str  # percent-encoded path and query, the request target

    @property
    def url(self) -> str:
        """The address as it is stored: encoded path, ASCII host."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        netloc = host if self.port == default else f"{host}:{self.port}"
        path, _, query = self.path.partition("?")
        return urlunsplit((self.scheme, netloc, path, query, ""))


def allow_http() -> bool:
    return bool(getattr(settings, "OPENDAY_WEBHOOK_ALLOW_HTTP", False))


def allowed_networks() -> tuple[IPNetwork, ...]:
    return _parse_networks(tuple(getattr(settings, "OPENDAY_WEBHOOK_ALLOWED_NETWORKS", ())))


@cache
def _parse_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    # An entry that does not parse allows nothing; ``openday check`` reports it (E102).
    bad = set(bad_networks(entries))
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries if entry not in bad)


def bad_networks(entries) -> list[str]:
    """The entries of ``OPENDAY_WEBHOOK_ALLOWED_NETWORKS`` that are not an address or network."""
    bad = []
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            bad.append(entry)
    return bad


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """Reachable on the public internet, and not a private address in disguise."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public(embedded)
        address = ipaddress.IPv6Address(address.compressed.split("%")[0])  # drop a zone id
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def is_allowed(address: IPAddress) -> bool:
    """Public, or inside a network an administrator allowed for an internal gateway."""
    if any(address in network for network in allowed_networks()):
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        mapped = address.ipv4_mapped
        if any(mapped in network for network in allowed_networks()):
            return True
    return is_public(address)


def _host_literal(host: str) -> IPAddress | None:
    """The IP address ``host`` is written as, if it is one; refused if written unusually."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host):
        raise UnsafeWebhook(
            f"Webhook 地址的主机“{host}”不是规范的 IP 地址写法，"
            "请使用域名，或写成 203.0.113.10 这样的形式。"
        )
    return None


def webhook_target(url: str) -> Target:
    """Parse and check ``url`` without the network; ``UnsafeWebhook`` says what is wrong."""
    url = (url or "").strip()
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise UnsafeWebhook("Webhook 地址中不能有空格、换行或控制字符。")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeWebhook("Webhook 地址的格式或端口无效。", detail=str(error)) from error
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and allow_http()):
        if allow_http():
            raise UnsafeWebhook("Webhook 地址必须以 https:// 或 http:// 开头。")
        raise UnsafeWebhook(
            "Webhook 地址必须以 https:// 开头；内网短信网关使用 http 须由系统管理员开启"
            " OPENDAY_WEBHOOK_ALLOW_HTTP。"
        )
    if parts.username is not None or parts.password is not None:
        raise UnsafeWebhook("Webhook 地址中不能包含用户名或密码；接收方请用签名密钥核对请求。")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeWebhook("Webhook 地址缺少主机名。")
    literal = _host_literal(host)
    if literal is None:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError as error:
            raise UnsafeWebhook(f"Webhook 地址的主机名“{host}”无效。", detail=str(error)) from error
    else:
        host = str(literal)
        if not is_allowed(literal):
            raise UnsafeWebhook(_NOT_ALLOWED.format(host=parts.hostname))
    if port == 0:
        raise UnsafeWebhook("Webhook 地址的端口无效。")
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path = f"{path}?{quote(parts.query, safe=_QUERY_SAFE)}"
    return Target(scheme, host, port or (443 if scheme == "https" else 80), path)


_NOT_ALLOWED = (
    "Webhook 地址“{host}”指向本机、内网或保留地址，不允许使用；只能填写公网地址。"
    "内网短信网关须由系统管理员在 OPENDAY_WEBHOOK_ALLOWED_NETWORKS 中登记。"
)


def resolve(target: Target) -> list[IPAddress]:
    """Every address ``target``'s host resolves to, each checked; one refused refuses all (a
    name that also points inside is not trusted with the public ones)."""
    try:
        literal = ipaddress.ip_address(target.host)
    except ValueError:
        literal = None
    if literal is not None:
        found = [literal]
    else:
        try:
            answers = socket.getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except (OSError, UnicodeError) as error:
            raise UnresolvedWebhook(
                f"找不到 Webhook 地址的主机“{target.host}”，请检查网址。",
                detail=f"{target.host}: {error}",
            ) from error
        found = []
        for _family, _type, _proto, _name, sockaddr in answers:
            address = ipaddress.ip_address(sockaddr[0].split("%")[0])
            if address not in found:
                found.append(address)
        if not found:
            raise UnresolvedWebhook(
                f"找不到 Webhook 地址的主机“{target.host}”，请检查网址。",
                detail=f"{target.host}: no address",
            )
    refused = [address for address in found if not is_allowed(address)]
    if refused:
        raise UnsafeWebhook(
            _NOT_ALLOWED.format(host=target.host),
            detail=f"{target.host} resolves to {', '.join(map(str, refused))}",
        )
    return found


def check_webhook_url(url: str) -> Target:
    """What the form runs: the address is well formed and its host resolves, only to
    addresses it may reach."""
    target = webhook_target(url)
    resolve(target)
    return target


def tls_context() -> ssl.SSLContext:
    """The system's trusted CAs, certificate and host name verified."""
    return ssl.create_default_context()


def _connector(addresses: list[IPAddress]):
    """A ``socket.create_connection`` that ignores the name it is given and tries the checked
    addresses in turn."""

    def connect(address, timeout=None, source_address=None):
        _host, port = address[0], address[1]
        last: OSError | None = None
        for ip in addresses:
            try:
                return socket.create_connection((str(ip), port), timeout, source_address)
            except OSError as error:
                last = error
        raise last or OSError("no address to connect to")

    return connect


class PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self._create_connection = _connector(addresses)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to a checked address; ``HTTPSConnection.connect`` then wraps the socket with
    ``server_hostname=self.host``, so SNI and certificate checks use the original name."""

    def __init__(self, host, port, *, addresses, timeout):
        super().__init__(host, port, timeout=timeout, context=tls_context())
        self._create_connection = _connector(addresses)


def open_connection(
    target: Target, addresses: list[IPAddress], *, timeout: float
) -> http.client.HTTPConnection:
    kind = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
    return kind(target.host, target.port, addresses=addresses, timeout=timeout)
