# Sourced by deploy/local/mesoflow-local (bash), not run: the unprivileged users local tasks run as.
# Uses its settings and helpers (HOME_DIR, RUN, LOGS, TASK_USER, TEAM_USERS, BACKEND, say, die).

# A root launcher runs local tasks as an unprivileged user, never as root: create it when absent
# (idempotent), keep MesoFlow's own state from it, and check that it can reach the sandboxes.
ensure_user() {
  id -u "$1" >/dev/null 2>&1 && return 0
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$1" \
    || id -u "$1" >/dev/null 2>&1 || die "cannot create the user $1 that local tasks run as (useradd)"
  say "created the system user $1: local tasks run as it"
}

team_user_list() { # "team=user,..." -> "team user" lines
  local pair
  for pair in ${TEAM_USERS//,/ }; do
    [[ "$pair" == ?*=?* ]] || die "MESOFLOW_TEAM_USERS: '$pair' is not team=user"
    echo "${pair%%=*} ${pair#*=}"
  done
}

task_user_setup() {
  [ "$BACKEND" = local ] && [ "$(id -u)" = 0 ] || return 0
  local team user
  ensure_user "$TASK_USER"
  while read -r team user; do [ -n "$user" ] && ensure_user "$user"; done < <(team_user_list)
  mkdir -p "$HOME_DIR/sandboxes" "$HOME_DIR/outputs" "$HOME_DIR/kafka" "$RUN" "$LOGS"
  chmod 711 "$HOME_DIR" "$HOME_DIR/sandboxes" "$HOME_DIR/outputs" # task users pass through, list nothing
  chmod 700 "$HOME_DIR/kafka" "$RUN" "$LOGS"                      # every job's records and logs: not theirs
  setpriv --reuid="$TASK_USER" --regid="$(id -g "$TASK_USER")" --init-groups test -x "$HOME_DIR/sandboxes" \
    || die "the task user $TASK_USER cannot reach $HOME_DIR/sandboxes (a directory above it is not searchable," \
      "e.g. /root): set MESOFLOW_HOME to a directory such as /var/lib/mesoflow, or chmod o+x the directories above it"
}

