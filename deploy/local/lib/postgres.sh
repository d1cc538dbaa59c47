# Sourced by deploy/local/mesoflow-local (bash), not run: PostgreSQL from Debian's packages, its data under $MESOFLOW_HOME.
# Uses its settings and helpers (HOME_DIR, RUN, LOGS, say, die, wait_until, ...).

pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) ; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
  return 1
}

as_pg() { # run a PostgreSQL tool as the postgres user when we are root (PostgreSQL refuses root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_install() {
  pg_bin >/dev/null && return
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed: install Debian's postgresql package (sudo apt-get install postgresql)"
  say "installing PostgreSQL from Debian's packages ..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || die "apt-get install postgresql failed"
  pg_bin >/dev/null || die "PostgreSQL installed but pg_ctl not found"
}

pg_ready() { port_in_use "$PG_PORT"; }

pg_start() {
  local data="$HOME_DIR/postgres"
  if [ -f "$data/postmaster.pid" ] && kill -0 "$(head -1 "$data/postmaster.pid")" 2>/dev/null; then
    say "postgres: already running (pid $(head -1 "$data/postmaster.pid"))"; return
  fi
  require_free_port "$PG_PORT" "PostgreSQL" MESOFLOW_PG_PORT
  pg_install
  local bin; bin="$(pg_bin)"
  mkdir -p "$data" "$LOGS"
  [ "$(id -u)" = 0 ] && chown postgres "$data" "$LOGS" && chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    # --no-sync, then the same flush in the background (initdb --sync-only): initdb's fsync of every
    # file it wrote took ~3 s of a busy disk on the start's path; pg_await_sync waits for it before
    # `up` says the stack is up, so what is on disk then is what it was before.
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-sync > "$LOGS/postgres-init.log" 2>&1 \
      || die "initdb failed: see $LOGS/postgres-init.log"
    as_pg "$bin/initdb" --sync-only -D "$data" >> "$LOGS/postgres-init.log" 2>&1 &
    PG_SYNC_PID=$!
  fi
  as_pg "$bin/pg_ctl" -D "$data" -l "$LOGS/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || die "PostgreSQL did not start: see $LOGS/postgres.log"
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='mesoflow'" | grep -q 1; then
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE ROLE mesoflow LOGIN PASSWORD 'mesoflow'"
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE mesoflow OWNER mesoflow"
  fi
  say "postgres: running on 127.0.0.1:$PG_PORT"
}

pg_await_sync() {
  [ -n "${PG_SYNC_PID:-}" ] || return 0
  wait "$PG_SYNC_PID" || die "flushing PostgreSQL's new cluster to disk failed: see $LOGS/postgres-init.log"
  PG_SYNC_PID=
}

pg_stop() {
  local data="$HOME_DIR/postgres"
  if [ -f "$data/postmaster.pid" ] && kill -0 "$(head -1 "$data/postmaster.pid")" 2>/dev/null; then
    as_pg "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null && say "postgres: stopped"
  else
    say "postgres: not running"
  fi
}

