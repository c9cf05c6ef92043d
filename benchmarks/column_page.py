"""Requests per second of the public column page, served the way production serves it.

    .venv/bin/python benchmarks/column_page.py [--seconds 10] [--connections 32]
    .venv/bin/python benchmarks/column_page.py --gunicorn-only [--workers 2]

With nginx and redis-server installed (``make test`` installs them), one run starts the
production stack of ``deploy/`` as tests/deploy/test_stack.py does (its helpers: Redis,
moto's S3, gunicorn with the web unit's command line on production settings, Debian's nginx
with deploy/nginx/openday.conf and its micro-cache), loads the demo, and drives
/column/tianxin-2023/ at the same number of connections through:

  (a) gunicorn alone (plain http to the app port),
  (b) the repo's nginx in front of it (https, the micro-cache),
  (c) the same nginx serving the page's bytes from a file (a second server block, https),

printing requests/s, p50 and p99 of each and the ratios b/c and a/c (targets: b/c ≥ 50 %,
p99 < 50 ms behind nginx). ``--gunicorn-only`` (or without nginx/redis) measures (a) alone
on a throwaway SQLite database, with the 304 path. Load: `wrk` when it is installed (Debian:
apt-get install wrk), else a small keep-alive Python client in several processes (which then
measures itself as much as the server). Also prints the uncached render time in process.
Only loopback traffic; the run stops by itself.
"""

import argparse
import http.client
import multiprocessing
import os
import secrets
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PATH = "/column/tianxin-2023/"


def _connection(base: str) -> http.client.HTTPConnection:
    scheme, _, hostport = base.partition("://")
    host, _, port = hostport.partition(":")
    if scheme == "https":
        # The stack's self-signed certificate, on the loopback only.
        context = ssl._create_unverified_context()  # noqa: S323
        return http.client.HTTPSConnection(host, int(port), timeout=10, context=context)
    return http.client.HTTPConnection(host, int(port), timeout=10)


def _client(base: str, seconds: float, path: str, headers: dict, out) -> None:
    connection = _connection(base)
    latencies = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
    out.put(latencies)


@dataclass
class Load:
    rate: float
    p50: float  # ms
    p99: float
    tool: str

    def __str__(self) -> str:
        return (
            f"{self.rate:8.0f} req/s   p50 {self.p50:6.1f} ms   p99 {self.p99:6.1f} ms   "
            f"({self.tool})"
        )


def python_load(base: str, seconds: float, connections: int, headers: dict) -> Load:
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client, args=(base, seconds, PATH, headers, queue))
        for _ in range(connections)
    ]
    for proc in procs:
        proc.start()
    latencies = [value for _ in procs for value in queue.get()]
    for proc in procs:
        proc.join()
    latencies.sort()
    rate = len(latencies) / seconds
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    return Load(rate, p50, p99, "python client")


def _ms(text: str) -> float:
    """wrk's "1.23ms", "450.00us", "1.02s" in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def wrk_load(base: str, seconds: float, connections: int, headers: dict) -> Load:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*args, f"{base}{PATH}"], capture_output=True, text=True, check=True
    ).stdout
    lines = output.splitlines()
    rate = next(line for line in lines if line.startswith("Requests/sec"))
    p50 = next(line for line in lines if line.strip().startswith("50%"))
    p99 = next(line for line in lines if line.strip().startswith("99%"))
    errors = [line.strip() for line in lines if "Non-2xx" in line or "Socket errors" in line]
    tool = "wrk" + (f"; {'; '.join(errors)}" if errors else "")
    return Load(float(rate.split()[-1]), _ms(p50.split()[-1]), _ms(p99.split()[-1]), tool)


def load_tool():
    return wrk_load if shutil.which("wrk") else python_load


def render_ms(env: dict) -> str:
    """The column page rendered in process, uncached (the cache cleared each time)."""
    code = (
        "import django, time, statistics; django.setup()\n"
        "from django.core.cache import cache\n"
        "from django.test import Client\n"
        "client, times = Client(), []\n"
        "for _ in range(30):\n"
        "    cache.clear(); start = time.perf_counter()\n"
        f"    assert client.get('{PATH}', secure=True).status_code == 200\n"
        "    times.append((time.perf_counter() - start) * 1000)\n"
        "print(f'{statistics.median(times[5:]):.1f}')\n"
    )
    env = {**env, "ALLOWED_HOSTS": "testserver", "OPENDAY_REDIS_URL": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


# What nginx tells the app of a request that came in over https (production redirects
# plain http otherwise).
FROM_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}

STATIC_SITE = """
server {{
    listen 127.0.0.1:{port} ssl http2;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:openday_static_tls:10m;
    location = {path} {{
        root {folder};
        try_files /{name} =404;
        default_type "text/html; charset=utf-8";
    }}
}}
"""


def stack_run(args: argparse.Namespace) -> None:
    """(a), (b) and (c) in one run on the deploy/ stack."""
    sys.path.insert(0, str(ROOT))
    from tests.deploy.stack import binary, free_port, render_main, start_stack

    folder = Path(tempfile.mkdtemp(prefix="openday-bench-stack-"))
    stack = start_stack(folder)
    try:
        stack.openday("load-demo")
        app = f"http://127.0.0.1:{stack.ports['app']}"
        proxied = stack.base
        # The page's bytes as nginx gets them from the app, served by nginx from a file.
        page = folder / "column.html"
        connection = _connection(app)
        connection.request("GET", PATH, headers=FROM_PROXY)
        response = connection.getresponse()
        page.write_bytes(response.read())
        if response.status != 200:
            raise SystemExit(f"{app}{PATH} answered {response.status}")
        static_port = free_port()
        cert, key = stack.tls
        site = folder / "static.conf"
        site.write_text(
            STATIC_SITE.format(
                port=static_port, cert=cert, key=key, path=PATH, folder=folder, name=page.name
            )
        )
        static_folder = folder / "static-nginx"
        static_folder.mkdir()
        main = static_folder / "nginx.conf"
        main.write_text(render_main(static_folder, site))
        error_log = str(static_folder / "nginx-error.log")
        nginx = [binary("nginx"), "-p", str(static_folder), "-c", str(main), "-e", error_log]
        stack.start("nginx-static", [*nginx, "-g", "daemon off;"], static_port)
        static = f"https://127.0.0.1:{static_port}"

        load = load_tool()
        print(
            f"column page {PATH} ({page.stat().st_size / 1024:.0f} KB), {os.cpu_count()} cores, "
            f"database: sqlite (the stack's), cache: redis, {args.connections} connections, "
            f"{args.seconds:.0f} s each, load generator on the same machine"
        )
        results = {}
        for label, base, headers in (
            ("(a) gunicorn alone   ", app, FROM_PROXY),
            ("(b) nginx + gunicorn ", proxied, {}),
            ("(c) nginx, the bytes ", static, {}),
        ):
            load(base, 1, args.connections, headers)  # warm: connections, cache, TLS sessions
            results[label[:3]] = load(base, args.seconds, args.connections, headers)
            print(label, results[label[:3]])
        a, b, c = results["(a)"], results["(b)"], results["(c)"]
        print(f"b/c = {b.rate / c.rate:6.1%}   (target ≥ 50 %; p99 behind nginx {b.p99:.1f} ms)")
        print(f"a/c = {a.rate / c.rate:6.1%}")
        print(f"uncached render in process: {render_ms(stack.env)} ms (median)")
    finally:
        stack.stop()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--gunicorn-only", action="store_true")
    args = parser.parse_args()
    has_stack = all(
        shutil.which(name) or Path(f"/usr/sbin/{name}").exists()
        for name in ("nginx", "redis-server")
    )
    if has_stack and not args.gunicorn_only:
        stack_run(args)
        return
    gunicorn_run(args)


def gunicorn_run(args: argparse.Namespace) -> None:

    data = tempfile.mkdtemp(prefix="openday-bench-")
    env = {
        **os.environ,
        "OPENDAY_ENV": "development",
        "OPENDAY_DATA_DIR": data,
        "DJANGO_SETTINGS_MODULE": "openday.settings",
    }
    openday = str(BIN / "openday")
    subprocess.run([openday, "migrate", "-v0"], env=env, check=True)
    subprocess.run([openday, "load-demo"], env=env, check=True, capture_output=True)
    production = {
        **env,
        "OPENDAY_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on the loopback, no TLS proxy in front.
        "SECURE_SSL_REDIRECT": "false",
    }
    subprocess.run([openday, "collectstatic", "--noinput", "-v0"], env=production, check=True)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "openday.wsgi",
            "--workers",
            str(args.workers),
            # Threads give keep-alive connections, as behind a load balancer.
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        env=production,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                connection.request("GET", PATH)
                response = connection.getresponse()
                etag = response.getheader("ETag")
                response.read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        load = load_tool()
        base = f"http://127.0.0.1:{args.port}"
        print(
            f"column page {PATH}, gunicorn --workers {args.workers}, {os.cpu_count()} cores, "
            f"database: {os.environ.get('DATABASE_URL', 'sqlite').split(':')[0]}, "
            f"{args.connections} connections, {args.seconds:.0f} s each"
        )
        print("cached page (200)    ", load(base, args.seconds, args.connections, {}))
        print(
            "conditional (304)    ",
            load(base, args.seconds, args.connections, {"If-None-Match": etag or ""}),
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
