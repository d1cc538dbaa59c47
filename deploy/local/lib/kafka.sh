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
  # shellcheck disable=SC2207
  local kjava=(java $(kafka_java_opts) -cp "$KAFKA_LIB/*")
  if [ ! -f "$HOME_DIR/kafka/data/meta.properties" ]; then
    local id; id="$("${kjava[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    "${kjava[@]}" kafka.tools.StorageTool format -t "$id" -c "$config" > "$LOGS/kafka-format.log" 2>&1 \
      || die "formatting Kafka's storage failed: see $LOGS/kafka-format.log"
  fi
  nohup "${kjava[@]}" kafka.Kafka "$config" >> "$LOGS/kafka.log" 2>&1 &
  echo $! > "$RUN/kafka.pid"
}

# Kafka starts in the background (kafka_start) while PostgreSQL and the services start: their clients
# connect when it listens. This waits for that.
kafka_await() {
  wait_until 60 "Kafka" port_in_use "$KAFKA_PORT"
  say "kafka: running on 127.0.0.1:$KAFKA_PORT (pid $(pid_of kafka))"
}

