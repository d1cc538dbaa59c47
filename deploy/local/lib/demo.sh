# Sourced by deploy/local/mesoflow-local (bash), not run: `demo`: `up`, then the distributed
# example job (TensorFlow when deploy/local/tf-env can install it), waited for and summed up.
# Uses its settings and commands (ROOT, API_PORT, TASK_USER, up, admin_token, say).

demo() {
  up
  MESOFLOW_TOKEN="${MESOFLOW_TOKEN:-$(admin_token)}"
  export MESOFLOW_TOKEN
  say ""
  local spec="examples/ps-training/multi-worker.json" tf=""
  say "preparing the TensorFlow environment the example's tasks run with (deploy/local/tf-env) ..."
  if MESOFLOW_TASK_USER="$TASK_USER" "$ROOT/deploy/local/tf-env" >/dev/null; then
    spec="examples/tf-ps-training/local.json" tf=1
    say "submitting $spec: TensorFlow parameter-server training (chief, 2 ps, 2 workers, evaluator, TensorBoard) ..."
  else
    say "TensorFlow could not be installed here (pip's reason is above): falling back to $spec,"
    say "a standard-library stand-in with the same cluster shape (chief, 2 ps, 3 workers) ..."
  fi
  local id
  id="$("$ROOT/cli/mesoflow" --api "http://127.0.0.1:$API_PORT" submit "$ROOT/$spec")"
  say "job $id submitted; waiting for it to end:"
  local code=0
  "$ROOT/cli/mesoflow" --api "http://127.0.0.1:$API_PORT" wait "$id" --timeout PT10M || code=$?
  "$ROOT/cli/mesoflow" --api "http://127.0.0.1:$API_PORT" status "$id"
  local out; out="$("$ROOT/cli/mesoflow" --api "http://127.0.0.1:$API_PORT" --json status "$id" | sed -n 's/.*"outputDir" : "\(.*\)".*/\1/p' | head -1)"
  if [ -n "$tf" ]; then
    say ""
    say "the chief's last lines, and the evaluator's:"
    "$ROOT/cli/mesoflow" --api "http://127.0.0.1:$API_PORT" logs "$id" chief-0 --stream stdout 2>/dev/null | grep -E "step|done" | tail -3 || true
    "$ROOT/cli/mesoflow" --api "http://127.0.0.1:$API_PORT" logs "$id" evaluator-0 --stream stdout 2>/dev/null | tail -2 || true
    say "checkpoints and TensorBoard summaries: $out"
  elif [ -f "$out/metrics.jsonl" ]; then
    say ""
    say "first and last metrics ($out/metrics.jsonl):"
    head -1 "$out/metrics.jsonl"; tail -1 "$out/metrics.jsonl"
  fi
  say ""
  say "the system keeps running; stop it with: deploy/local/mesoflow-local down"
  return $code
}
