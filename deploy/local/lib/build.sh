# Sourced by deploy/local/mesoflow-local (bash), not run: building what `up` needs when it is missing
# (or MESOFLOW_REBUILD=1). Uses its settings and helpers (ROOT, KAFKA_LIB, SERVICES, say, die).

build_if_needed() {
  local missing=0
  [ -d "$KAFKA_LIB" ] || missing=1
  [ -f "$ROOT/cli/target/mesoflow.jar" ] || missing=1
  for s in "${SERVICES[@]}"; do [ -f "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ] || missing=1; done
  if [ "$missing" = 1 ] || [ "${MESOFLOW_REBUILD:-0}" = 1 ]; then
    say "building MesoFlow (./mvnw package, tests skipped, with class-data sharing archives) ..."
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dquarkus.package.jar.appcds.enabled=true package) || die "build failed"
  fi
}
