#!/usr/bin/env python3
"""Parameter-server training with real TensorFlow (2.16+, Keras 3) from MesoFlow's TF_CONFIG.

One file for every role; the role comes from TF_CONFIG (``task.type``) or MESOFLOW_TASK:

* ``ps`` and ``worker``: a ``tf.distribute.Server`` at the task's TF_CONFIG address, until
  MesoFlow kills it when the job ends. Workers run the steps the chief sends them; the ps
  hold the variables (placed round-robin over the ps).
* ``chief``: the coordinator. It builds the model under
  ``tf.distribute.experimental.ParameterServerStrategy`` and drives a custom training loop
  with ``tf.distribute.coordinator.ClusterCoordinator`` (Keras 3 has no ``fit`` for parameter
  servers). It restores the latest checkpoint on start ("resumed from step N"), prints
  "step N loss X", writes the ``loss`` summary under ``$MESOFLOW_OUTPUT_DIR/train``, saves a
  checkpoint every ``checkpoint_every`` steps under ``$MESOFLOW_OUTPUT_DIR/checkpoints`` and,
  at ``max_steps``, a final one and the marker ``training_done.json``; then it exits 0.
  A worker that dies is left out until it comes back (its steps go to the others); a ps that
  dies makes the chief fail: relaunched, it resumes from the latest checkpoint.
  On a preemption notice (SIGTERM, or the file ``$MESOFLOW_PREEMPTION_NOTICE`` appearing) it
  schedules no more steps, lets the steps already sent finish (at most ``settle_secs``: the
  workers are stopped with it), saves a checkpoint at the step reached, prints "preemption
  notice at step N: saved <checkpoint>" and exits 0; resumed, it goes on from there.
  Workers, ps, the evaluator and TensorBoard simply end on SIGTERM.
* ``evaluator`` (not in the cluster): scores every checkpoint (held-out loss and accuracy,
  ``$MESOFLOW_OUTPUT_DIR/eval`` summaries and ``eval.jsonl``) and exits 0 once it has scored
  the one named by the marker (exit 1 if that does not happen ``eval_timeout_secs`` after
  the marker appears).
* ``tensorboard`` (MESOFLOW_TASK tensorboard-0): TensorBoard on ``$PORT0`` over the output dir.
* no TF_CONFIG (a one-task job): the same loop in-process.

Data: a synthetic, seeded classification problem (Gaussian blobs), identical on every task.
Hyperparameters (job context, MESOFLOW_JOB_CONTEXT or $MESOFLOW_JOB_CONTEXT_FILE):
max_steps, learning_rate, batch_size, checkpoint_every, log_every, keep_checkpoints,
features, classes, hidden, samples, seed, threads (TensorFlow intra-op threads per task, 0 = TensorFlow's default),
eval_poll_secs, eval_timeout_secs, settle_secs.
"""
import json
import os
import signal
import sys
import tempfile
import time


def load_context():
    text = os.environ.get("MESOFLOW_JOB_CONTEXT")
    if not text and os.environ.get("MESOFLOW_JOB_CONTEXT_FILE"):
        with open(os.environ["MESOFLOW_JOB_CONTEXT_FILE"]) as f:
            text = f.read()
    return json.loads(text or "{}")


CONTEXT = load_context()
MAX_STEPS = int(CONTEXT.get("max_steps", 400))
LEARNING_RATE = float(CONTEXT.get("learning_rate", 0.05))
BATCH_SIZE = int(CONTEXT.get("batch_size", 64))
CHECKPOINT_EVERY = int(CONTEXT.get("checkpoint_every", 50))
LOG_EVERY = int(CONTEXT.get("log_every", 20))
KEEP_CHECKPOINTS = int(CONTEXT.get("keep_checkpoints", 20))
FEATURES = int(CONTEXT.get("features", 16))
CLASSES = int(CONTEXT.get("classes", 4))
HIDDEN = int(CONTEXT.get("hidden", 64))
SAMPLES = int(CONTEXT.get("samples", 8192))
SEED = int(CONTEXT.get("seed", 7))
THREADS = int(CONTEXT.get("threads", 0))
EVAL_POLL_SECS = float(CONTEXT.get("eval_poll_secs", 1))
EVAL_TIMEOUT_SECS = float(CONTEXT.get("eval_timeout_secs", 120))
SETTLE_SECS = float(CONTEXT.get("settle_secs", 0.5))

OUTPUT_DIR = os.environ.get("MESOFLOW_OUTPUT_DIR", "./output")
CHECKPOINT_DIR = os.path.join(OUTPUT_DIR, "checkpoints")
MARKER = os.path.join(OUTPUT_DIR, "training_done.json")
TASK = os.environ.get("MESOFLOW_TASK", "")

# Keras writes ~/.keras on import; the task user may not own $HOME.
os.environ.setdefault("KERAS_HOME", os.path.join(tempfile.gettempdir(), ".keras"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")


def log(message):
    print(f"[{TASK or 'local'}] {message}", flush=True)


class Preemption:
    """A preemption notice: SIGTERM, or MesoFlow's notice file ($MESOFLOW_PREEMPTION_NOTICE) appearing."""

    def __init__(self):
        self.file = os.environ.get("MESOFLOW_PREEMPTION_NOTICE")
        self.at = None

    def install(self):
        signal.signal(signal.SIGTERM, self._on_sigterm)

    def _on_sigterm(self, signum, frame):
        if self.at is None:
            self.at = time.time()

    def requested(self):
        if self.at is None and self.file and os.path.exists(self.file):
            self.at = time.time()
        return self.at is not None

    def reason(self):
        """What the notice file says (on Mesos it follows the SIGTERM closely: wait a moment for it)."""
        for _ in range(4):
            try:
                with open(self.file) as f:
                    return json.loads(f.read()).get("reason") or "no reason given"
            except (OSError, TypeError, ValueError):
                if not self.file:
                    break
                time.sleep(0.05)
        return "SIGTERM"


def run_tensorboard():
    port = os.environ.get("PORT0", "6006")
    if "://" not in OUTPUT_DIR:
        os.makedirs(OUTPUT_DIR, exist_ok=True)
    log(f"TensorBoard on port {port} over {OUTPUT_DIR}")
    os.execv(sys.executable, [sys.executable, "-m", "tensorboard.main", "--logdir", OUTPUT_DIR,
                              "--port", port, "--bind_all"])


if TASK.startswith("tensorboard"):
    run_tensorboard()

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

# Each CheckpointManager.save under ParameterServerStrategy retraces the saver: not a problem.
tf.get_logger().addFilter(lambda record: "triggered tf.function retracing" not in record.getMessage())


# ---------------------------------------------------------------- data and model

def make_data(split):
    """Seeded Gaussian blobs: the same arrays on every task. split: 'train' or 'test'."""
    rng = np.random.default_rng(SEED)
    centers = rng.normal(0, 1.5, size=(CLASSES, FEATURES)).astype(np.float32)
    rng = np.random.default_rng(SEED + (1 if split == "train" else 2))
    n = SAMPLES if split == "train" else max(SAMPLES // 4, 256)
    labels = rng.integers(0, CLASSES, size=n).astype(np.int64)
    x = centers[labels] + rng.normal(0, 2.0, size=(n, FEATURES)).astype(np.float32)
    return x, labels


def train_dataset(seed=0):
    x, y = make_data("train")
    return (tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=SEED + seed)
            .repeat().batch(BATCH_SIZE, drop_remainder=True).prefetch(2))


class Model(tf.Module):
    """A one-hidden-layer perceptron in plain tf.Variables (works under any strategy)."""

    def __init__(self):
        super().__init__(name="mlp")
        init = tf.keras.initializers.GlorotUniform(seed=SEED)
        self.w1 = tf.Variable(init((FEATURES, HIDDEN)), name="w1")
        self.b1 = tf.Variable(tf.zeros([HIDDEN]), name="b1")
        self.w2 = tf.Variable(init((HIDDEN, CLASSES)), name="w2")
        self.b2 = tf.Variable(tf.zeros([CLASSES]), name="b2")

    def __call__(self, x):
        return tf.matmul(tf.nn.relu(tf.matmul(x, self.w1) + self.b1), self.w2) + self.b2


def mean_loss(model, x, y):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=model(x)))


def configure_threads():
    if THREADS > 0:
        # intra-op only: one inter-op thread can deadlock the distributed runtime
        tf.config.threading.set_intra_op_parallelism_threads(THREADS)


# ---------------------------------------------------------------- roles

def run_server(resolver):
    # The coordinator, not this task, decides what to do about unreachable peers.
    os.environ["GRPC_FAIL_FAST"] = "use_caller"
    config = tf.compat.v1.ConfigProto()
    if THREADS > 0:
        config.intra_op_parallelism_threads = THREADS
    server = tf.distribute.Server(resolver.cluster_spec(), job_name=resolver.task_type,
                                  task_index=resolver.task_id, protocol=resolver.rpc_layer or "grpc",
                                  config=config, start=True)
    log(f"{resolver.task_type} server on {server.target}")
    server.join()
    return 0


def write_marker(step, checkpoint):
    tmp = MARKER + ".tmp"
    with tf.io.gfile.GFile(tmp, "w") as f:
        f.write(json.dumps({"step": step, "checkpoint": os.path.basename(checkpoint), "time": time.time()}))
    tf.io.gfile.rename(tmp, MARKER, overwrite=True)


def settle(coordinator):
    """Waits (at most SETTLE_SECS) for the steps already scheduled; the workers may be gone."""
    deadline = time.time() + SETTLE_SECS
    while coordinator is not None and time.time() < deadline:
        try:
            if coordinator.done():
                return
        except Exception:  # noqa: BLE001 - a failed step: nothing more to wait for
            return
        time.sleep(0.02)


def run_chief(resolver):
    """The coordinator (or, without a cluster, the whole job)."""
    preemption = Preemption()
    preemption.install()
    configure_threads()
    tf.io.gfile.makedirs(OUTPUT_DIR)
    if tf.io.gfile.exists(MARKER):
        tf.io.gfile.remove(MARKER)  # a rerun: the evaluator waits for this run's final checkpoint
    if resolver is not None:
        strategy = tf.distribute.experimental.ParameterServerStrategy(resolver)
        coordinator = tf.distribute.coordinator.ClusterCoordinator(strategy)
        cluster = resolver.cluster_spec().as_dict()
        log(f"coordinating {len(cluster.get('worker', []))} workers and {len(cluster.get('ps', []))} ps")
    else:
        strategy, coordinator = tf.distribute.get_strategy(), None
        log("no TF_CONFIG cluster: training in this process")

    with strategy.scope():
        model = Model()
        step = tf.Variable(0, dtype=tf.int64, name="global_step", trainable=False)
    checkpoint = tf.train.Checkpoint(model=model, step=step)
    manager = tf.train.CheckpointManager(checkpoint, CHECKPOINT_DIR, max_to_keep=KEEP_CHECKPOINTS)
    if manager.latest_checkpoint:
        checkpoint.restore(manager.latest_checkpoint)
        log(f"resumed from step {int(step.numpy())} ({manager.latest_checkpoint})")

    learning_rate = tf.constant(LEARNING_RATE)

    @tf.function
    def train_step(iterator):
        def replica_fn(x, y):
            with tf.GradientTape() as tape:
                loss = mean_loss(model, x, y)
            grads = tape.gradient(loss, model.trainable_variables)
            for variable, grad in zip(model.trainable_variables, grads):
                variable.assign_sub(learning_rate * grad)
            step.assign_add(1)
            return loss

        x, y = next(iterator)
        losses = strategy.run(replica_fn, args=(x, y))
        return strategy.reduce(tf.distribute.ReduceOp.SUM, losses, axis=None)

    if coordinator is not None:
        @tf.function
        def per_worker_dataset_fn():
            return strategy.distribute_datasets_from_function(
                lambda ctx: train_dataset(seed=ctx.input_pipeline_id))

        iterator = iter(coordinator.create_per_worker_dataset(per_worker_dataset_fn))

        def join():
            # coordinator.join() would block for good once the workers are stopped with the chief
            while not coordinator.done():
                if preemption.requested():
                    return
                time.sleep(0.002)
            coordinator.join()  # at once; raises what a step raised

        schedule, fetch = coordinator.schedule, lambda r: r.fetch()
    else:
        iterator = iter(train_dataset())
        schedule, join, fetch = (lambda fn, args: fn(*args)), (lambda: None), (lambda r: r.numpy())

    writer = tf.summary.create_file_writer(os.path.join(OUTPUT_DIR, "train"))
    current = int(step.numpy())
    started, first = time.time(), current
    while current < MAX_STEPS and not preemption.requested():
        n = min(LOG_EVERY, MAX_STEPS - current, CHECKPOINT_EVERY - current % CHECKPOINT_EVERY)
        results = []
        for _ in range(n):  # a notice stops the scheduling at the next step
            if preemption.requested():
                break
            results.append(schedule(train_step, args=(iterator,)))
        if preemption.requested():
            break
        join()
        if preemption.requested():
            break
        before, current = current, int(step.numpy())
        loss = float(np.mean([fetch(r) for r in results]))
        log(f"step {current} loss {loss:.4f}")
        with writer.as_default():
            tf.summary.scalar("loss", loss, step=current)
        if current >= MAX_STEPS or current // CHECKPOINT_EVERY > before // CHECKPOINT_EVERY:
            path = manager.save(checkpoint_number=current)
            log(f"checkpoint {path}")
    writer.flush()
    if preemption.requested() and current < MAX_STEPS:
        settle(coordinator)
        current = int(step.numpy())
        path = manager.save(checkpoint_number=current)
        log(f"preemption notice at step {current}: saved {path}")
        log(f"stopped {time.time() - preemption.at:.2f}s after the notice ({preemption.reason()})")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # now: tearing down the input pipeline or the coordinator can take seconds
    final = manager.latest_checkpoint
    if final is None or not final.endswith(f"-{current}"):
        final = manager.save(checkpoint_number=current)
    write_marker(current, final)
    took = time.time() - started
    log(f"training done at step {current}: {current - first} steps in {took:.1f}s, final checkpoint {final}")
    return 0


def scored_steps():
    scored = set()
    try:
        with tf.io.gfile.GFile(os.path.join(OUTPUT_DIR, "eval.jsonl")) as f:
            for line in f:
                scored.add(json.loads(line)["checkpoint"])
    except (OSError, tf.errors.OpError, ValueError, KeyError):
        pass
    return scored


def run_evaluator():
    configure_threads()
    tf.io.gfile.makedirs(OUTPUT_DIR)
    x, y = make_data("test")
    model = Model()
    step = tf.Variable(0, dtype=tf.int64)
    checkpoint = tf.train.Checkpoint(model=model, step=step)
    writer = tf.summary.create_file_writer(os.path.join(OUTPUT_DIR, "eval"))

    @tf.function
    def evaluate():
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, axis=1), y), tf.float32))
        return loss, accuracy

    scored = scored_steps()
    marker_seen = None
    log(f"evaluating checkpoints in {CHECKPOINT_DIR} ({len(scored)} scored before)")
    while True:
        state = tf.train.get_checkpoint_state(CHECKPOINT_DIR)
        for path in (state.all_model_checkpoint_paths if state else []):
            name = os.path.basename(path)
            if name in scored:
                continue
            try:
                checkpoint.restore(path).expect_partial()
            except (tf.errors.NotFoundError, ValueError) as e:  # deleted by max_to_keep meanwhile
                log(f"skipping {name}: {type(e).__name__}")
                scored.add(name)
                continue
            loss, accuracy = (float(v) for v in evaluate())
            at = int(step.numpy())
            with writer.as_default():
                tf.summary.scalar("loss", loss, step=at)
                tf.summary.scalar("accuracy", accuracy, step=at)
            writer.flush()
            with tf.io.gfile.GFile(os.path.join(OUTPUT_DIR, "eval.jsonl"), "a") as f:
                f.write(json.dumps({"checkpoint": name, "step": at, "loss": round(loss, 6),
                                    "accuracy": round(accuracy, 4), "time": time.time()}) + "\n")
            scored.add(name)
            log(f"eval step {at} loss {loss:.4f} accuracy {accuracy:.4f}")
        try:
            with tf.io.gfile.GFile(MARKER) as f:
                marker = json.loads(f.read())
        except (OSError, tf.errors.OpError, ValueError):
            marker = None
        if marker:
            if marker["checkpoint"] in scored:
                log(f"scored the final checkpoint {marker['checkpoint']} (step {marker['step']}): done")
                return 0
            marker_seen = marker_seen or time.time()
            if time.time() - marker_seen > EVAL_TIMEOUT_SECS:
                log(f"the final checkpoint {marker['checkpoint']} never appeared in {EVAL_TIMEOUT_SECS:.0f}s")
                return 1
        else:
            marker_seen = None
        time.sleep(EVAL_POLL_SECS)


def main():
    tf_config = json.loads(os.environ.get("TF_CONFIG") or "{}")
    if not tf_config.get("cluster"):
        return run_chief(None)
    resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    if resolver.task_type in ("ps", "worker"):
        return run_server(resolver)
    if resolver.task_type == "evaluator":
        return run_evaluator()
    if resolver.task_type == "chief":
        return run_chief(resolver)
    log(f"unexpected task type {resolver.task_type!r}")
    return 2


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # The coordinator's threads can keep the interpreter from exiting: leave at once.
    os._exit(code)
