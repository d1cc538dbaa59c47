# Sourced by deploy/local/mesoflow-local (bash), not run: the five services: their ports, start
# (with every option the local stack sets), readiness and stop. Uses its settings and helpers
# (ROOT, HOME_DIR, RUN, LOGS, BACKEND, PIP_ARGS, say, die, ...) and those of cds.sh and task-user.sh.

service_port() {
  case "$1" in
    job-api) echo "$API_PORT" ;;
    placement-svc) echo $((API_PORT + 1)) ;;
    secrets-svc) echo $((API_PORT + 2)) ;;
    launcher-svc) echo $((API_PORT + 3)) ;;
    monitor-svc) echo $((API_PORT + 4)) ;;
  esac
}

service_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$(service_port "$1")/q/health/ready" 2>/dev/null; }

service_start() {
  local s="$1" port; port="$(service_port "$s")"
  if running "$s"; then say "$s: already running (pid $(pid_of "$s"))"; return; fi
  require_free_port "$port" "$s" MESOFLOW_API_PORT
  local opts=(
    -Dquarkus.http.port="$port"
    -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT"
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/mesoflow"
    -Dquarkus.datasource.username=mesoflow -Dquarkus.datasource.password=mesoflow
    -Dmesoflow.api.default-output-root="$HOME_DIR/outputs"
    -Dmesoflow.launcher.local.work-dir="$HOME_DIR/sandboxes"
    -Dmesoflow.launcher.task-user="$TASK_USER"
    -Dmesoflow.api.auth.admin-token-file="$HOME_DIR/admin-token"
    -Dmesoflow.launcher.sealing.key-dir="$HOME_DIR/keys"
    -Dmesoflow.secrets.sealing.public-key-file="$HOME_DIR/keys/launcher.pub"
    -Dmesoflow.secrets.local.dir="$HOME_DIR/secrets"
    -Dmesoflow.api.secrets.local-dir="$HOME_DIR/secrets"
    -Dmesoflow.api.artifacts.roots="${MESOFLOW_ARTIFACT_ROOTS:-$ROOT/examples}"
    -Dmesoflow.launcher.environments.pip-args="$PIP_ARGS"
    -Dmesoflow.api.images.allowed="$([ "$BACKEND" = mesos ] && echo true || echo false)"
    -Dmesoflow.api.logs.files-url="${MESOFLOW_API_LOGS_FILES_URL:-http://127.0.0.1:$(service_port launcher-svc)}"
    # each incoming channel's dead-letter producer is created by the first record it dead-letters,
    # not at start: 17 Kafka producers (7 in job-api, 7 in placement-svc) no service start pays for
    # (docs/local-runtime.md#start-up-and-memory)
    -Dmp.messaging.connector.smallrye-kafka.dead-letter-queue.lazy-client=true
  )
  local team user
  while read -r team user; do
    [ -n "$user" ] && opts+=("-Dmesoflow.launcher.task-users.\"$team\"=$user")
  done < <(team_user_list)
  if [ "$s" = launcher-svc ] && [ "$BACKEND" = mesos ]; then
    opts+=(-Dmesoflow.launcher.backend=mesos -Dmesoflow.launcher.mesos.master="$MESOS_MASTER"
      -Dmesoflow.launcher.mesos.role="${MESOFLOW_MESOS_ROLE:-mesoflow}"
      -Dmesoflow.launcher.mesos.user="${MESOFLOW_MESOS_USER:-nobody}")
    [ -n "${MESOFLOW_MESOS_PRINCIPAL:-}" ] && opts+=(-Dmesoflow.launcher.mesos.principal="$MESOFLOW_MESOS_PRINCIPAL")
    [ -n "${MESOFLOW_MESOS_SECRET:-}" ] && opts+=(-Dmesoflow.launcher.mesos.secret="$MESOFLOW_MESOS_SECRET")
  fi
  if [ "$s" = placement-svc ] && [ "$BACKEND" = mesos ]; then
    # the DEFAULT executor's share of every task: an ACCEPT must fit it in the offer too
    opts+=(-Dmesoflow.placement.task-overhead-cpus=0.1 -Dmesoflow.placement.task-overhead-mem-mb=32
      -Dmesoflow.placement.task-overhead-disk-mb=10)
  fi
  [ -n "${MESOFLOW_LOCAL_CPUS:-}" ] && opts+=(-Dmesoflow.launcher.local.cpus="$MESOFLOW_LOCAL_CPUS")
  [ -n "${MESOFLOW_LOCAL_MEM_MB:-}" ] && opts+=(-Dmesoflow.launcher.local.mem-mb="$MESOFLOW_LOCAL_MEM_MB")
  [ -n "${MESOFLOW_LOCAL_GPUS:-}" ] && opts+=(-Dmesoflow.launcher.local.gpus="$MESOFLOW_LOCAL_GPUS")
  # shellcheck disable=SC2086
  nohup java $(service_java_opts "$s") "${opts[@]}" -jar "$ROOT/$s/target/quarkus-app/quarkus-run.jar" >> "$LOGS/$s.log" 2>&1 &
  echo $! > "$RUN/$s.pid"
}

# stop_pids NAME...: SIGTERM to all of them at once, then wait for each (SIGKILL after 20 s, 90 s
# for a JVM that writes its class-data sharing archive as it exits: ~90 MB, side by side with the
# others, took job-api over 20 s at load 5); the services shut down side by side, not one after another.
stop_pids() {
  local name pid signalled=()
  for name in "$@"; do
    pid="$(pid_of "$name")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      signalled+=("$name:$pid")
    else
      say "$name: not running"
      rm -f "$RUN/$name.pid"
      cds_after_stop "$name" 0 # what it recorded, if anything, is not from a run that `down` ended
    fi
  done
  local entry
  for entry in "${signalled[@]}"; do
    name="${entry%%:*}" pid="${entry##*:}"
    local polls=100; [ -f "$RUN/$name.cds-recording" ] && polls=450
    for _ in $(seq 1 "$polls"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; cds_after_stop "$name" 0
    else cds_after_stop "$name" 1; fi
    say "$name: stopped"
    rm -f "$RUN/$name.pid"
  done
}
