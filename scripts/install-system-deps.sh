#!/usr/bin/env bash
# Debian packages the test suite uses: LibreOffice (opens our exports), Chromium (browser
# tests, driven by Playwright without downloading a browser), CJK fonts, poppler (PDF → PNG),
# nginx and Redis (tests/deploy/test_stack.py runs the production set-up of deploy/ with
# them, as the current user: their packages' own services are not needed), and PostgreSQL
# (the production database; CI runs the suite on it).
# Installs only what is missing, and only where it can (root with apt-get); otherwise it says
# what is missing and the tests that need it skip locally (on CI they fail).
set -u
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# wrk: the load generator of benchmarks/column_page.py (else a slower Python client).
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ "${WITH_POSTGRES:-0}" = 1 ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Note: missing system packages (${need[*]}); install them with apt-get as root." >&2
  echo "      Tests that need them are skipped." >&2
fi
