"""``scripts/demo-serve.sh`` (``make demo``'s last step) gives the web server, the worker and
the scheduler the address it serves as the base of reminder links (``OPENDAY_SITE_URL``).

The ``openday`` it starts is a stub that writes down its command and the variable."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "demo-serve.sh"

# The server waits (at most 5 s) until the two background processes have written their line,
# so the script's exit trap never stops them before.
STUB = """#!/usr/bin/env bash
echo "$1 $OPENDAY_SITE_URL" >> "$CALLS"
if [ "$1" = runserver ]; then
  echo "address $2" >> "$CALLS"
  for _ in $(seq 100); do
    [ "$(grep -c -e '^worker' -e '^run-scheduler' "$CALLS")" -ge 2 ] && exit 0
    sleep 0.05
  done
fi
"""


def serve(tmp_path: Path, address: str, **env: str) -> list[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "openday"
    stub.write_text(STUB, encoding="utf-8")
    stub.chmod(0o755)
    calls = tmp_path / "calls.txt"
    environment = {key: value for key, value in os.environ.items() if key != "OPENDAY_SITE_URL"} | {
        "BIN": str(bin_dir),
        "CALLS": str(calls),
        "OPENDAY_DATA_DIR": str(tmp_path),
        **env,
    }
    subprocess.run(
        ["bash", str(SCRIPT), address],
        env=environment,
        check=True,
        capture_output=True,
        timeout=30,
    )
    return sorted(calls.read_text(encoding="utf-8").splitlines())


def test_every_process_links_to_the_address_served(tmp_path):
    assert serve(tmp_path, "127.0.0.1:8080") == [
        "address 127.0.0.1:8080",
        "run-scheduler http://127.0.0.1:8080",
        "runserver http://127.0.0.1:8080",
        "worker http://127.0.0.1:8080",
    ]


def test_a_site_url_set_beforehand_is_kept(tmp_path):
    site_url = "https://openday.example.cn"
    calls = serve(tmp_path, "0.0.0.0:8000", OPENDAY_SITE_URL=site_url)

    assert calls == [
        "address 0.0.0.0:8000",
        f"run-scheduler {site_url}",
        f"runserver {site_url}",
        f"worker {site_url}",
    ]
