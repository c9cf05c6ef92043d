#!/usr/bin/env bash
# `make demo`'s last step: the web server in the foreground, with the background worker
# (`openday worker`) and the periodic-job scheduler (`openday run-scheduler --loop`) beside it.
# Ctrl+C stops all three. Links in the reminders (emails, webhooks) lead to the address served
# (OPENDAY_SITE_URL, unless it is set already), in all three processes.
set -euo pipefail
BIN=${BIN:-.venv/bin}
# The demo's accounts share a published password: never production settings.
export OPENDAY_ENV=development
ADDRESS=${1:-127.0.0.1:8000}
export OPENDAY_SITE_URL="${OPENDAY_SITE_URL:-http://$ADDRESS}"
LOG_DIR=${OPENDAY_DATA_DIR:-var}/log
mkdir -p "$LOG_DIR"

"$BIN/openday" worker >>"$LOG_DIR/worker.log" 2>&1 &
worker=$!
"$BIN/openday" run-scheduler --loop >>"$LOG_DIR/scheduler.log" 2>&1 &
scheduler=$!
trap 'kill "$worker" "$scheduler" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
echo "后台任务已启动：worker（日志 $LOG_DIR/worker.log）、定期任务调度（日志 $LOG_DIR/scheduler.log）。"
echo "提醒邮件中的链接指向 $OPENDAY_SITE_URL 。"

"$BIN/openday" runserver "$ADDRESS"
