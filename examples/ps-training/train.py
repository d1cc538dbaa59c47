#!/usr/bin/env python3
"""Distributed parameter-server training driven by TF_CONFIG, in plain Python 3.

This is the same shape as a TensorFlow ParameterServerStrategy job, without TensorFlow:

* ``ps`` tasks hold a shard of the model (logistic regression weights) and serve it over
  HTTP at their TF_CONFIG address until they are killed. On start they restore their shard
  from the latest checkpoint in the output directory, so a restarted ps resumes training.
* ``worker`` and ``chief`` tasks pull the parameters from every ps, compute a gradient on
  their shard of a generated data set and push it back (asynchronous SGD).
* the ``chief`` also evaluates every few steps, appends ``metrics.jsonl`` (step, loss,
  accuracy) and writes ``checkpoint.json`` under ``MESOFLOW_OUTPUT_DIR``; it exits 0 when
  the loss target or the step budget is reached, after telling the ps so workers stop too.
* on a preemption notice (SIGTERM, or the file ``$MESOFLOW_PREEMPTION_NOTICE`` appearing) the
  chief stops at the next step, writes ``checkpoint.json`` at the step reached, prints
  "preemption notice at step N: saved <path>" and exits 0; resumed, the ps restore their
  shards from it and the chief prints "resumed from step N". Other tasks end on SIGTERM.
* an ``evaluator`` evaluates the latest checkpoint (side-car evaluation) until killed.
* without TF_CONFIG (a single-task job) it trains locally and exits 0.
* a peer that does not answer (not listening yet, too slow to answer within ``peer_call_secs``,
  an answer cut short or garbled) is asked again, for up to ``peer_timeout_secs`` (300 s by
  default) from the first failure of that call: a busy host may start or answer late. The first
  failure is printed on stderr ("waiting for ps at host:port: ..."); giving up prints why and exits
  with ``PEERS_UNREACHABLE_EXIT`` (75, EX_TEMPFAIL), not a traceback.

Hyperparameters come from the job context (MESOFLOW_JOB_CONTEXT): learning_rate,
max_steps, target_loss, batch_size, eval_every, features, samples, seed, step_delay,
peer_timeout_secs, peer_call_secs.
"""
import http.client
import json
import math
import os
import random
import signal
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONTEXT = json.loads(os.environ.get("MESOFLOW_JOB_CONTEXT") or "{}")
LEARNING_RATE = float(CONTEXT.get("learning_rate", 0.5))
MAX_STEPS = int(CONTEXT.get("max_steps", 300))
TARGET_LOSS = float(CONTEXT.get("target_loss", 0.2))
BATCH_SIZE = int(CONTEXT.get("batch_size", 32))
EVAL_EVERY = int(CONTEXT.get("eval_every", 10))
FEATURES = int(CONTEXT.get("features", 16))
SAMPLES = int(CONTEXT.get("samples", 2000))
SEED = int(CONTEXT.get("seed", 7))
STEP_DELAY = float(CONTEXT.get("step_delay", 0))  # seconds per step, to stand in for real compute
PEER_TIMEOUT_SECS = float(CONTEXT.get("peer_timeout_secs", 300))  # how long one call to a peer is retried
PEER_CALL_SECS = float(CONTEXT.get("peer_call_secs", 10))  # how long one try waits for the answer
PEERS_UNREACHABLE_EXIT = 75  # EX_TEMPFAIL: a peer never answered within PEER_TIMEOUT_SECS
OUTPUT_DIR = os.environ.get("MESOFLOW_OUTPUT_DIR", "./output")
TASK = os.environ.get("MESOFLOW_TASK", "worker-0")


def log(message):
    print(f"[{TASK}] {message}", flush=True)


class Preemption:
    """A preemption notice: SIGTERM, or MesoFlow's notice file ($MESOFLOW_PREEMPTION_NOTICE) appearing."""

    def __init__(self):
        self.file = os.environ.get("MESOFLOW_PREEMPTION_NOTICE")
        self.noticed = False
        signal.signal(signal.SIGTERM, self._on_sigterm)

    def _on_sigterm(self, signum, frame):
        self.noticed = True

    def requested(self):
        if not self.noticed and self.file and os.path.exists(self.file):
            self.noticed = True
        return self.noticed


def save_on_notice(params, step):
    path = write_checkpoint(params, step)
    log(f"preemption notice at step {step}: saved {path}")
    return 0


# ---------------------------------------------------------------- data and model

def make_dataset():
    """A linearly separable-ish binary problem with label noise; the same on every task."""
    rng = random.Random(SEED)
    true_w = [rng.uniform(-2, 2) for _ in range(FEATURES)]
    rows = []
    for _ in range(SAMPLES):
        x = [rng.gauss(0, 1) for _ in range(FEATURES)]
        z = sum(w * v for w, v in zip(true_w, x)) + rng.gauss(0, 0.5)
        rows.append((x, 1.0 if z > 0 else 0.0))
    split = int(SAMPLES * 0.8)
    return rows[:split], rows[split:]


def sigmoid(z):
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def predict(params, x):
    return sigmoid(params[-1] + sum(w * v for w, v in zip(params, x)))


def gradient(params, batch):
    grad = [0.0] * (FEATURES + 1)
    for x, y in batch:
        err = predict(params, x) - y
        for i, v in enumerate(x):
            grad[i] += err * v
        grad[-1] += err
    return [g / len(batch) for g in grad]


def evaluate(params, rows):
    loss, correct = 0.0, 0
    for x, y in rows:
        p = min(max(predict(params, x), 1e-7), 1 - 1e-7)
        loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
        correct += (p >= 0.5) == (y == 1.0)
    return loss / len(rows), correct / len(rows)


def write_checkpoint(params, step):
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    tmp = os.path.join(OUTPUT_DIR, "checkpoint.json.tmp")
    with open(tmp, "w") as f:
        json.dump({"step": step, "params": params}, f)
    os.replace(tmp, os.path.join(OUTPUT_DIR, "checkpoint.json"))
    return os.path.join(OUTPUT_DIR, "checkpoint.json")


def read_checkpoint():
    try:
        with open(os.path.join(OUTPUT_DIR, "checkpoint.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def append_metrics(record):
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    with open(os.path.join(OUTPUT_DIR, "metrics.jsonl"), "a") as f:
        f.write(json.dumps(record) + "\n")


# ---------------------------------------------------------------- parameter server

class ParameterShard:
    """The parameters with index % n_ps == ps_index, plus (on ps-0) the global step and done flag."""

    def __init__(self, ps_index, n_ps):
        self.indices = [i for i in range(FEATURES + 1) if i % n_ps == ps_index]
        self.values = [0.0] * len(self.indices)
        self.step = 0
        self.done = False
        self.lock = threading.Lock()
        checkpoint = read_checkpoint()
        if checkpoint:
            self.values = [checkpoint["params"][i] for i in self.indices]
            self.step = int(checkpoint["step"])
            log(f"restored shard from checkpoint at step {self.step}")

    def apply(self, grads, lr):
        with self.lock:
            self.values = [v - lr * g for v, g in zip(self.values, grads)]
            self.step += 1
            return self.step


def serve_ps(address, ps_index, n_ps):
    shard = ParameterShard(ps_index, n_ps)

    class Handler(BaseHTTPRequestHandler):
        def _send(self, body):
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            with shard.lock:
                self._send({"indices": shard.indices, "values": shard.values, "step": shard.step,
                            "done": shard.done})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if self.path == "/done":
                shard.done = True
                self._send({"done": True})
            else:
                self._send({"step": shard.apply(body["grads"], body["lr"])})

        def log_message(self, *args):
            pass

    host, port = address.rsplit(":", 1)
    # every trainer calls every ps at once: a deeper backlog than the default 5 drops no connection
    # of a burst while the ps is slow to accept (a dropped SYN costs the caller a second or more)
    ThreadingHTTPServer.request_queue_size = 64
    server = ThreadingHTTPServer(("0.0.0.0", int(port)), Handler)
    log(f"serving {len(shard.indices)} parameters on {address}")
    server.serve_forever()


# ---------------------------------------------------------------- workers

class PeersUnreachable(Exception):
    """A peer did not answer within PEER_TIMEOUT_SECS."""


class PeerWait:
    """When a failed call to a peer is tried again. Pure: the caller passes the clock.

    Every failure to get an answer counts as the peer not being there yet: refused or reset
    connections and timeouts (OSError), an HTTP exchange cut short or garbled
    (http.client.HTTPException), an answer that is not JSON (ValueError). The call is retried
    every ``pause`` seconds until ``timeout`` seconds passed since its first failure.
    """

    RETRYABLE = (OSError, http.client.HTTPException, ValueError)

    def __init__(self, timeout, pause=0.1):
        self.timeout = timeout
        self.pause = pause
        self.first_failure = None

    def after_failure(self, error, now):
        """(retry, message): whether to try again, and a line to print (None: nothing new to say)."""
        if not isinstance(error, self.RETRYABLE):
            return False, None
        if self.first_failure is None:
            self.first_failure = now
            return True, f"{describe(error)}; retrying for up to {self.timeout:.0f} s"
        waited = now - self.first_failure
        if waited >= self.timeout:
            return False, f"no answer for {waited:.0f} s (peer_timeout_secs {self.timeout:.0f}): {describe(error)}"
        return True, None


def describe(error):
    return f"{type(error).__name__}: {error}"


def call(address, path="/", body=None):
    data = None if body is None else json.dumps(body).encode()
    wait = PeerWait(PEER_TIMEOUT_SECS)
    while True:
        try:
            request = urllib.request.Request(f"http://{address}{path}", data=data,
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=PEER_CALL_SECS) as response:
                return json.loads(response.read())
        except Exception as error:  # noqa: BLE001 - PeerWait decides; anything else is re-raised
            retry, message = wait.after_failure(error, time.monotonic())
            if message:
                print(f"[{TASK}] waiting for {address}{path}: {message}", file=sys.stderr, flush=True)
            if not retry:
                if isinstance(error, PeerWait.RETRYABLE):
                    raise PeersUnreachable(f"{address}{path}: {message}") from error
                raise
            time.sleep(wait.pause)


def pull(ps_addresses):
    params = [0.0] * (FEATURES + 1)
    step, done = 0, False
    for i, address in enumerate(ps_addresses):
        shard = call(address)
        for index, value in zip(shard["indices"], shard["values"]):
            params[index] = value
        if i == 0:
            step, done = shard["step"], shard["done"]
    return params, step, done


def push(ps_addresses, grad):
    n_ps = len(ps_addresses)
    for i, address in enumerate(ps_addresses):
        call(address, "/update", {"grads": [g for j, g in enumerate(grad) if j % n_ps == i],
                                  "lr": LEARNING_RATE})


def train_distributed(cluster, task_type, task_index):
    train, held_out = make_dataset()
    trainers = cluster.get("chief", []) + cluster.get("worker", [])
    me = trainers.index(cluster[task_type][task_index])
    shard = train[me::len(trainers)]
    rng = random.Random(SEED + me)
    ps = cluster["ps"]
    is_chief = task_type == "chief" or ("chief" not in cluster and task_type == "worker" and task_index == 0)
    log(f"training on {len(shard)} samples with {len(ps)} ps and {len(trainers)} trainers")
    preemption = Preemption() if is_chief else None
    checkpoint = read_checkpoint() if is_chief else None
    if checkpoint:
        log(f"resumed from step {checkpoint['step']}")  # the ps restored their shards from it
    last_eval = -EVAL_EVERY
    while True:
        params, step, done = pull(ps)
        if preemption and preemption.requested():
            return save_on_notice(params, step)
        if done:
            log(f"training is done at step {step}")
            return 0
        if is_chief and step - last_eval >= EVAL_EVERY:
            last_eval = step
            loss, accuracy = evaluate(params, held_out)
            append_metrics({"step": step, "loss": round(loss, 6), "accuracy": round(accuracy, 4),
                            "time": time.time()})
            write_checkpoint(params, step)
            log(f"step {step}: loss {loss:.4f} accuracy {accuracy:.3f}")
            if loss <= TARGET_LOSS or step >= MAX_STEPS:
                call(ps[0], "/done", {})
                log(f"finished at step {step} with loss {loss:.4f}")
                return 0
        push(ps, gradient(params, rng.sample(shard, min(BATCH_SIZE, len(shard)))))
        time.sleep(STEP_DELAY)


def train_local():
    train, held_out = make_dataset()
    rng = random.Random(SEED)
    checkpoint = read_checkpoint()
    params = checkpoint["params"] if checkpoint else [0.0] * (FEATURES + 1)
    step = int(checkpoint["step"]) if checkpoint else 0
    if step:
        log(f"resumed from step {step}")
    preemption = Preemption()
    while True:
        if preemption.requested():
            return save_on_notice(params, step)
        if step % EVAL_EVERY == 0:
            loss, accuracy = evaluate(params, held_out)
            append_metrics({"step": step, "loss": round(loss, 6), "accuracy": round(accuracy, 4),
                            "time": time.time()})
            write_checkpoint(params, step)
            log(f"step {step}: loss {loss:.4f} accuracy {accuracy:.3f}")
            if loss <= TARGET_LOSS or step >= MAX_STEPS:
                return 0
        grad = gradient(params, rng.sample(train, min(BATCH_SIZE, len(train))))
        params = [p - LEARNING_RATE * g for p, g in zip(params, grad)]
        step += 1
        time.sleep(STEP_DELAY)


def evaluate_checkpoints():
    _, held_out = make_dataset()
    seen = -1
    while True:
        checkpoint = read_checkpoint()
        if checkpoint and checkpoint["step"] != seen:
            seen = checkpoint["step"]
            loss, accuracy = evaluate(checkpoint["params"], held_out)
            with open(os.path.join(OUTPUT_DIR, "eval.jsonl"), "a") as f:
                f.write(json.dumps({"step": seen, "loss": loss, "accuracy": accuracy}) + "\n")
        time.sleep(1)


def main():
    tf_config = json.loads(os.environ.get("TF_CONFIG") or "{}")
    cluster, task = tf_config.get("cluster"), tf_config.get("task", {})
    if not cluster:
        log("no TF_CONFIG cluster: training locally")
        return train_local()
    task_type, task_index = task["type"], int(task["index"])
    if task_type == "ps":
        serve_ps(cluster["ps"][task_index], task_index, len(cluster["ps"]))
        return 0
    if task_type == "evaluator":
        evaluate_checkpoints()
        return 0
    return train_distributed(cluster, task_type, task_index)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except PeersUnreachable as unreachable:
        print(f"[{TASK}] giving up: a peer did not answer: {unreachable}", file=sys.stderr, flush=True)
        sys.exit(PEERS_UNREACHABLE_EXIT)
