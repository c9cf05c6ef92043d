# Start a throwaway PostgreSQL server on a private port and socket directory.
# Sourced by .ci/run; defines pg_start, pg_stop and PG_URL.
PG_PORT="${PG_PORT:-54329}"
PG_DIR="$(mktemp -d /tmp/openday-pg.XXXXXX)"
PG_URL="postgres://openday:openday@127.0.0.1:${PG_PORT}/openday"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres "$PG_DIR"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c \
    "CREATE ROLE openday LOGIN PASSWORD 'openday' CREATEDB" -c "CREATE DATABASE openday OWNER openday" >/dev/null
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT"
}

pg_stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
