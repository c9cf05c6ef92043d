"""Requests per second of the public column page, served the way production serves it.

    .venv/bin/python benchmarks/column_page.py [--workers 2] [--seconds 10] [--connections 16]

Loads the demo into a throwaway SQLite database (or uses DATABASE_URL), starts gunicorn on
127.0.0.1 with production settings, and drives /column/tianxin-2023/ with `wrk` when it is
installed (Debian: apt-get install wrk), else with a small keep-alive Python client in
several processes. Prints requests/second and latency; also the 304 path and the uncached
render time. Only loopback traffic; the run stops by itself.
"""

import argparse
import http.client
import multiprocessing
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PATH = "/column/tianxin-2023/"


def _client(port: int, seconds: float, path: str, headers: dict, out) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    latencies = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
    out.put(latencies)


def python_load(port: int, seconds: float, connections: int, headers: dict) -> str:
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client, args=(port, seconds, PATH, headers, queue))
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
    return f"{rate:8.0f} req/s   p50 {p50:.1f} ms   p99 {p99:.1f} ms   (python client)"


def wrk_load(port: int, seconds: float, connections: int, headers: dict) -> str:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{PATH}"], capture_output=True, text=True, check=True
    ).stdout
    rate = next(line for line in output.splitlines() if line.startswith("Requests/sec"))
    p50 = next(line for line in output.splitlines() if line.strip().startswith("50%"))
    p99 = next(line for line in output.splitlines() if line.strip().startswith("99%"))
    return f"{rate.split()[-1]:>8} req/s   p50 {p50.split()[-1]}   p99 {p99.split()[-1]}   (wrk)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()

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
        load = wrk_load if shutil.which("wrk") else python_load
        print(
            f"column page {PATH}, gunicorn --workers {args.workers}, {os.cpu_count()} cores, "
            f"{args.connections} connections, {args.seconds:.0f} s each"
        )
        print("cached page (200)    ", load(args.port, args.seconds, args.connections, {}))
        print(
            "conditional (304)    ",
            load(args.port, args.seconds, args.connections, {"If-None-Match": etag or ""}),
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
