"""The production stack on one machine, for tests/deploy/test_stack.py: Redis, an S3 emulator
(moto's server), gunicorn running openday in production settings on a fresh SQLite file, and
Debian's nginx with the repo's deploy/nginx/openday.conf, all on free ports under one
temporary folder, as the current user (nginx with -p/-c/-e, its pid, logs, cache and temp
files in that folder).

Only what a deployment would edit in the nginx site file is replaced (upstream, listen
addresses, certificate, cache folder, STATIC_ROOT); each replacement must match, so a change
of the file that the test no longer covers fails loudly. The site is included by Debian's own
/etc/nginx/nginx.conf (its paths moved to the folder), so it is tested where it will run.
"""

import datetime as dt
import ipaddress
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3
from botocore.config import Config
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

REPO = Path(__file__).resolve().parents[2]
SITE_CONF = REPO / "deploy" / "nginx" / "openday.conf"
WEB_UNIT = REPO / "deploy" / "systemd" / "openday-web.service"
DEBIAN_NGINX_CONF = Path("/etc/nginx/nginx.conf")
BIN = Path(sys.executable).parent
# Seconds nginx keeps a public page in the test (OPENDAY_PUBLIC_CACHE_SECONDS); short, since
# the publish check waits for it.
VALIDITY = 2
BUCKET = "openday-stack"
S3_KEY, S3_SECRET, S3_REGION = "stack-key", "stack-secret", "us-east-1"
PASSTHROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in ("/usr/sbin", "/usr/bin"):
        if os.access(f"{folder}/{name}", os.X_OK):
            return f"{folder}/{name}"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited ({process.returncode}):\n{tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{process.args[0]} did not listen on {port}:\n{tail(log)}")


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost; the test client trusts exactly this one."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def replace_exactly(text: str, old: str, new: str, where: str) -> str:
    if old not in text:
        raise AssertionError(f"{where} no longer contains {old!r}; update tests/deploy/stack.py")
    return text.replace(old, new)


def render_site(
    *, app_port: int, https_port: int, http_port: int, cache: Path, static_root: Path, tls
) -> str:
    site = SITE_CONF.read_text()
    cert, key = tls
    for old, new in [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("/var/cache/nginx/openday", str(cache)),
        ("listen [::]:80;", ""),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/ssl/openday/fullchain.pem", str(cert)),
        ("/etc/ssl/openday/privkey.pem", str(key)),
        ("/srv/openday/var/static/", f"{static_root}/"),
    ]:
        site = replace_exactly(site, old, new, "deploy/nginx/openday.conf")
    return site


def render_main(folder: Path, site: Path) -> str:
    """Debian's nginx.conf with its system paths moved into ``folder``."""
    main = DEBIAN_NGINX_CONF.read_text()
    # As root, nginx would switch its workers to www-data, who cannot read the folder.
    user = "user root;" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{kind}_temp_path {folder / ('nginx-' + kind)};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    for pattern, new in [
        (r"(?m)^\s*user\s+[^;]+;", user),
        (r"(?m)^\s*pid\s+[^;]+;", f"pid {folder / 'nginx.pid'};"),
        (r"(?m)^\s*error_log\s+[^;]+;", f"error_log {folder / 'nginx-error.log'};"),
        (r"(?m)^\s*access_log\s+[^;]+;", f"access_log {folder / 'nginx-access.log'};"),
        (r"(?m)^\s*include /etc/nginx/conf\.d/\*\.conf;", ""),
        (r"(?m)^\s*include /etc/nginx/sites-enabled/\*;", f"include {site};"),
        (r"(?m)^http \{", f"http {{\n{temp}"),
    ]:
        main, count = re.subn(pattern, lambda _m, new=new: new, main, count=1)
        if count != 1:
            raise AssertionError(f"{DEBIAN_NGINX_CONF} has no line matching {pattern!r}")
    return main


def gunicorn_command(port: int) -> list[str]:
    """The web unit's ExecStart, with the test's port, this venv and two workers."""
    (line,) = [
        line.removeprefix("ExecStart=")
        for line in WEB_UNIT.read_text().splitlines()
        if line.startswith("ExecStart=")
    ]
    command = shlex.split(line)
    if Path(command[0]).name != "gunicorn":
        raise AssertionError(f"{WEB_UNIT.name} does not start gunicorn: {line}")
    command[0] = str(BIN / "gunicorn")
    text = shlex.join(command)
    text = replace_exactly(text, "--bind 127.0.0.1:8000", f"--bind 127.0.0.1:{port}", "ExecStart")
    text = re.sub(r"--workers \d+", "--workers 2", text)
    return shlex.split(text)


@dataclass
class Stack:
    folder: Path
    processes: list[subprocess.Popen] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    tls: tuple[Path, Path] | None = None
    data: dict = field(default_factory=dict)  # what stack_data.setup() made

    # --- the services -----------------------------------------------------------------------

    def start(self, name: str, command: list[str], port: int | None = None) -> None:
        log = self.folder / f"{name}.log"
        handle = log.open("ab")
        process = subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, env=self.env, cwd=REPO
        )
        handle.close()
        self.processes.append(process)
        if port is not None:
            wait_for_port(port, process, log)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(self, *args: str) -> str:
        """A command with the stack's environment (``openday ...``); its output."""
        result = subprocess.run(
            args, env=self.env, cwd=REPO, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise AssertionError(f"{shlex.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def openday(self, *args: str) -> str:
        return self.run(str(BIN / "openday"), *args)

    def python(self, code: str, *args: str) -> str:
        """``code`` in a Django process of the stack (the test's helpers importable)."""
        return self.run(sys.executable, "-c", f"import django; django.setup(); {code}", *args)

    # --- what the tests use -----------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.ports['https']}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def app_requests(self, method: str, path: str, expected: int | None = None) -> int:
        """How many ``method path`` requests reached gunicorn, from its access log. gunicorn
        writes a line just after answering, so with ``expected`` it waits (up to 5 s) for that
        many lines to appear."""
        log = self.folder / "gunicorn-access.log"
        needle = f'"{method} {path} HTTP/'
        deadline = time.monotonic() + 5
        while True:
            lines = log.read_text().splitlines() if log.exists() else []
            count = sum(needle in line for line in lines)
            if expected is None or count >= expected or time.monotonic() > deadline:
                return count
            time.sleep(0.05)


def start_stack(folder: Path) -> Stack:
    nginx, redis_server = binary("nginx"), binary("redis-server")
    stack = Stack(folder=folder)
    stack.ports = {name: free_port() for name in ("redis", "s3", "app", "https", "http")}
    data = folder / "data"
    static_root = data / "static"
    stack.env = {key: os.environ[key] for key in PASSTHROUGH if key in os.environ}
    stack.env |= {
        "DJANGO_SETTINGS_MODULE": "openday.settings",
        "OPENDAY_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{folder / 'openday.sqlite3'}",
        "OPENDAY_DATA_DIR": str(data),
        "OPENDAY_SITE_URL": f"https://127.0.0.1:{stack.ports['https']}",
        "OPENDAY_TRUSTED_PROXY_COUNT": "1",
        "OPENDAY_PUBLIC_CACHE_SECONDS": str(VALIDITY),
        "OPENDAY_REDIS_URL": f"redis://127.0.0.1:{stack.ports['redis']}/0",
        "OPENDAY_S3_BUCKET": BUCKET,
        "OPENDAY_S3_ENDPOINT_URL": f"http://127.0.0.1:{stack.ports['s3']}",
        "OPENDAY_S3_ACCESS_KEY": S3_KEY,
        "OPENDAY_S3_SECRET_KEY": S3_SECRET,
        "OPENDAY_S3_REGION": S3_REGION,
        "OPENDAY_S3_ADDRESSING_STYLE": "path",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    try:
        stack.start(
            "redis",
            [
                redis_server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(stack.ports["redis"]),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stack.ports["redis"],
        )
        # moto starts (~1 s) while the database is migrated.
        s3_port = str(stack.ports["s3"])
        stack.start("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", s3_port])
        stack.openday("migrate", "--noinput", "-v0")
        stack.openday("collectstatic", "--noinput", "-v0")
        wait_for_port(stack.ports["s3"], stack.processes[-1], folder / "s3.log")
        s3_client(stack).create_bucket(Bucket=BUCKET)

        command = gunicorn_command(stack.ports["app"])
        command += ["--access-logfile", str(folder / "gunicorn-access.log")]
        stack.start("gunicorn", command, stack.ports["app"])

        stack.tls = self_signed_certificate(folder)
        site = folder / "openday.conf"
        site.write_text(
            render_site(
                app_port=stack.ports["app"],
                https_port=stack.ports["https"],
                http_port=stack.ports["http"],
                cache=folder / "nginx-cache",
                static_root=static_root,
                tls=stack.tls,
            )
        )
        main = folder / "nginx.conf"
        main.write_text(render_main(folder, site))
        error_log = str(folder / "nginx-error.log")
        nginx_args = [nginx, "-p", str(folder), "-c", str(main), "-e", error_log]
        stack.run(*nginx_args, "-t", "-q")
        stack.start("nginx", [*nginx_args, "-g", "daemon off;"], stack.ports["https"])
    except BaseException:
        stack.stop()
        raise
    return stack


def s3_client(stack: Stack):
    return boto3.client(
        "s3",
        endpoint_url=stack.env["OPENDAY_S3_ENDPOINT_URL"],
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name=S3_REGION,
        config=Config(s3={"addressing_style": "path"}),
    )
