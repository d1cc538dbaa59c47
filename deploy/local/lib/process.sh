# Sourced by deploy/local/mesoflow-local (bash), not run: the helpers its commands and the other
# sourced files share: ports, pid files, waiting. Uses its settings (RUN, LOGS) and die.

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_of() { [ -f "$RUN/$1.pid" ] && cat "$RUN/$1.pid" || true; }

running() {
  local pid; pid="$(pid_of "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

require_free_port() {
  port_in_use "$1" && die "port $1 (for $2) is in use by another process; stop it or set $3"
  return 0
}

wait_until() { # seconds description command...
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || die "$what not ready after ${seconds}s (logs: $LOGS)"
    sleep 0.3
  done
}
