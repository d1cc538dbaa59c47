# Sourced by deploy/local/mesoflow-local (bash), not run: the local Kafka broker (KRaft, one node),
# started in the background.
# Uses its settings and helpers (HOME_DIR, RUN, LOGS, say, die, wait_until, ...).

kafka_start() {
  if running kafka; then say "kafka: already running (pid $(pid_of kafka))"; return; fi
  require_free_port "$KAFKA_PORT" "Kafka" MESOFLOW_KAFKA_PORT
  require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka's controller" MESOFLOW_KAFKA_PORT
  mkdir -p "$HOME_DIR/kafka" "$RUN" "$LOGS"
  local config="$HOME_DIR/kafka/server.properties"
  cat > "$config" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$HOME_DIR/kafka/data
num.partitions=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=8388608
auto.create.topics.enable=true
EOF
  # A fresh MESOFLOW_HOME's storage is formatted by a JVM of its own before the broker starts; both
  # run in the background (one subshell that becomes the broker: its pid is the broker's) while
  # PostgreSQL and the services start, and kafka_await waits for the listener.
  # shellcheck disable=SC2207
  local format=(java ${MESOFLOW_KAFKA_JAVA_OPTS:-$DEFAULT_KAFKA_JAVA_OPTS} $(cds_reader_opts kafka) -cp "$KAFKA_LIB/*"
    kafka.tools.StorageTool format -t "$(kafka_cluster_id)" -c "$config")
  # shellcheck disable=SC2207
  local broker=(java $(kafka_java_opts) -cp "$KAFKA_LIB/*" kafka.Kafka "$config")
  local fresh=1; [ -f "$HOME_DIR/kafka/data/meta.properties" ] && fresh=0
  (
    trap '' HUP # as nohup: the broker outlives the terminal
    if [ "$fresh" = 1 ] && ! "${format[@]}" > "$LOGS/kafka-format.log" 2>&1; then
      echo "formatting Kafka's storage failed: see $LOGS/kafka-format.log"; exit 1
    fi
    exec "${broker[@]}"
  ) >> "$LOGS/kafka.log" 2>&1 &
  echo $! > "$RUN/kafka.pid"
}

# kafka_cluster_id: a new cluster id, as `kafka-storage random-uuid` prints it (16 random bytes,
# base64url without padding, not starting with '-'), without starting a JVM for it.
kafka_cluster_id() {
  local id=-
  while [ "${id:0:1}" = - ]; do id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
  echo "$id"
}

# Kafka starts in the background (kafka_start) while PostgreSQL and the services start: their clients
# connect when it listens. This waits for that.
kafka_await() {
  wait_until 60 "Kafka (log: $LOGS/kafka.log)" kafka_listening
  say "kafka: running on 127.0.0.1:$KAFKA_PORT (pid $(pid_of kafka))"
}

kafka_listening() {
  running kafka || die "Kafka stopped while starting: see $LOGS/kafka.log and $LOGS/kafka-format.log"
  port_in_use "$KAFKA_PORT"
}
