# Sourced by deploy/local/mesoflow-local (bash), not run: the class-data sharing (CDS) archives the
# stack's JVMs start from. Uses its settings and helpers (ROOT, RUN, KAFKA_LIB, running, pid_of).
#
# A JVM (a service, Kafka) starts from its RECORDED archive: a dynamic CDS archive that the JVM
# itself wrote when it stopped after an earlier `up` (JDK 17 -XX:ArchiveClassesAtExit), so it holds
# every class that JVM loaded while it started and ran: the Kafka clients, the JDBC driver, Flyway,
# Hibernate's runtime and Vert.x too, already parsed, verified and laid out. The build's archive
# (Quarkus' target/quarkus-app/app-cds.jsa) is recorded by a start that stops after static
# initialisation and lacks all of those; Kafka has no other archive.
#
# When a JVM has no recorded archive, or one whose jars or JDK have changed since (its FINGERPRINT,
# below, differs), `up` starts it recording one (and, for a service, without the build's archive:
# JDK 17 cannot record on top of it); the JVM writes it when it stops, and `down` keeps it next to the
# jars when the JVM stopped by itself (not killed). So the first `up` after a build is slower by
# about the build archive's worth and its `down` by the writing; every later `up` is faster.
#
#   MESOFLOW_APPCDS=1 (default)  recorded archives, recording them when missing
#   MESOFLOW_APPCDS=build        the build's archive only (the services; Kafka none), nothing recorded
#                                (also what a user who cannot write the tree gets)
#   MESOFLOW_APPCDS=0            no archive of the stack's own (the JDK's default CDS stays on)

# cds_archive NAME: where NAME's recorded archive is kept: next to the jars it is valid for, so a
# clean build removes it with them and every MESOFLOW_HOME on this tree shares it.
cds_archive() {
  case "$1" in
    kafka) echo "$(dirname "$KAFKA_LIB")/kafka-cds.jsa" ;;
    *) echo "$ROOT/$1/target/quarkus-app/recorded-cds.jsa" ;;
  esac
}

# cds_fingerprint NAME: what NAME's archive is valid for: the JDK (its libjvm, path, size and time)
# and each jar and Quarkus application file the JVM loads classes from (path, size, time). The JVM
# checks part of it itself (the class path's jars) and ignores a mismatched archive with a warning;
# this catches the change before, and records a new archive instead.
cds_fingerprint() {
  local dir jvm
  case "$1" in kafka) dir="$KAFKA_LIB" ;; *) dir="$ROOT/$1/target/quarkus-app" ;; esac
  jvm="$(dirname "$(readlink -f "$(command -v java)")")/../lib/server/libjvm.so"
  { find "$(readlink -f "$jvm")" "$dir" \( -name '*.so' -o -name '*.jar' -o -name '*.dat' \) -printf '%p %s %T@\n' 2>/dev/null || true; } | sort
}

cds_fresh() { # NAME: its recorded archive is there and was recorded for these jars and this JDK
  local archive; archive="$(cds_archive "$1")"
  [ -s "$archive" ] && [ -f "$archive.fingerprint" ] && [ "$(cds_fingerprint "$1")" = "$(cat "$archive.fingerprint")" ]
}

# cds_java_opts NAME BUILD_ARCHIVE: the archive options of NAME's JVM (BUILD_ARCHIVE: the build's
# archive, or "" when it has none). When it records, it notes where in $RUN/NAME.cds-recording
# (the file the JVM writes, next to the kept one, and the fingerprint it is for).
cds_java_opts() {
  local name="$1" build="$2" mode="${MESOFLOW_APPCDS:-1}"
  cds_after_stop "$name" 0 # a recording an earlier run left (it was not stopped by `down`)
  [ "$mode" = 0 ] && return 0
  local archive; archive="$(cds_archive "$name")"
  if [ "$mode" = 1 ] && cds_fresh "$name"; then
    printf ' %s' "-XX:SharedArchiveFile=$archive" -Xshare:auto
    return 0
  fi
  if [ "$mode" != 1 ] || [ ! -w "$(dirname "$archive")" ]; then # build, or a tree this user cannot write
    [ -n "$build" ] && [ -f "$build" ] && printf ' %s' "-XX:SharedArchiveFile=$build" -Xshare:auto
    return 0
  fi
  local recording; recording="$archive.recording-$(date +%s%N)"
  cds_fingerprint "$name" > "$recording.fingerprint"
  printf '%s\n' "$recording" > "$RUN/$name.cds-recording"
  printf ' %s' "-XX:ArchiveClassesAtExit=$recording"
}

# cds_reader_opts NAME: options for a short-lived JVM on NAME's class path (Kafka's storage tool):
# its recorded archive when fresh, read only (never recorded from).
cds_reader_opts() {
  [ "${MESOFLOW_APPCDS:-1}" = 1 ] && cds_fresh "$1" && printf ' %s' "-XX:SharedArchiveFile=$(cds_archive "$1")" -Xshare:auto
  return 0
}

# cds_after_stop NAME STOPPED_BY_ITSELF(0|1): after NAME's JVM ended, keep the archive it recorded
# (rename: atomic, in the archive's folder) when it stopped by itself, else drop the partial file.
cds_after_stop() {
  local name="$1" clean="$2" note="$RUN/$1.cds-recording" recording
  [ -f "$note" ] || return 0
  recording="$(cat "$note")"
  rm -f "$note"
  if [ "$clean" = 1 ] && [ -s "$recording" ]; then
    local archive; archive="$(cds_archive "$name")"
    # the archive first: a JVM starting in between sees the old fingerprint, which does not match, and records anew
    mv -f "$recording" "$archive" && mv -f "$recording.fingerprint" "$archive.fingerprint" \
      && say "$name: recorded its class-data sharing archive ($(( $(stat -c %s "$archive") / 1048576 )) MB, used from the next up)"
  else
    rm -f "$recording" "$recording.fingerprint"
  fi
  return 0
}
