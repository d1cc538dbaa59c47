#!/bin/sh
# Builds (once per user, per requirements digest) and prints the virtualenv a task's `python`
# requirements ask for. Runs as the task's user, inside the task's wrapper, on any agent.
#   usage: python-env.sh REQUIREMENTS_FILE
# stdout: the environment's directory; stderr: progress. Exit 1 with pip's last lines on failure.
# Concurrent tasks wait for one build (flock on the entry). An environment is used only once its
# ready marker is written, after pip succeeded; a half-built one (a crash mid-build) is rebuilt.
# It is built where it stays: a virtualenv's scripts name their own path and cannot be moved. Honours the agent's own pip
# configuration (/etc/pip.conf, /etc/xdg/pip/pip.conf); MESOFLOW_PIP_ARGS adds options (e.g.
# "--retries 0 --timeout 3" where the default index is unreachable).
set -eu
requirements=$1
cache=${MESOFLOW_ENV_CACHE:-/var/cache/mesoflow/envs}
base=${MESOFLOW_BASE_PYTHON:-}
if [ -z "$base" ]; then
  if [ -x /usr/bin/python3 ]; then base=/usr/bin/python3; else base=$(command -v python3 || true); fi
fi
[ -n "$base" ] || { echo "mesoflow: no python3 on this agent to build the job's environment from" >&2; exit 1; }
digest=$( (cat "$requirements"; "$base" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16)
# One cache per Unix user: a team's environment is never written by another team's tasks.
dir="$cache/$(id -un)/py-$digest"
if [ -f "$dir/.mesoflow-ready" ]; then echo "$dir"; exit 0; fi
# MESOFLOW_ENV_CHECK=1: only say whether it is there
[ -z "${MESOFLOW_ENV_CHECK:-}" ] || { echo "mesoflow: no environment $dir yet" >&2; exit 1; }
mkdir -p -m 700 "$cache/$(id -un)" 2>/dev/null || {
  echo "mesoflow: cannot create the environment cache $cache/$(id -un) (set mesoflow.launcher.env-cache)" >&2; exit 1; }
# A folder someone else made for this user could hold an environment they control: refuse it.
[ -O "$cache/$(id -un)" ] || {
  echo "mesoflow: the environment cache $cache/$(id -un) is not owned by $(id -un); refusing to use it" >&2; exit 1; }
exec 9>"$dir.lock"
echo "mesoflow: preparing environment $dir (waiting for the build lock)" >&2
flock 9
if [ -f "$dir/.mesoflow-ready" ]; then echo "$dir"; exit 0; fi
rm -rf "$dir"
log="$dir.log"
start=$(date +%s)
if ! { "$base" -m venv "$dir" && "$dir/bin/pip" install ${MESOFLOW_PIP_ARGS:-} --disable-pip-version-check \
      -r "$requirements"; } >"$log" 2>&1; then
  echo "mesoflow: building the python environment failed:" >&2
  tail -n 15 "$log" >&2
  rm -rf "$dir" "$log"
  exit 1
fi
rm -f "$log"
touch "$dir/.mesoflow-ready"
echo "mesoflow: environment built in $(( $(date +%s) - start )) s" >&2
echo "$dir"
