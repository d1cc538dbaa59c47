#!/usr/bin/env python3
"""Synchronous all-reduce training with real TensorFlow (2.16+, Keras 3) from MesoFlow's TF_CONFIG.

Every training task (``chief`` and ``worker``, or workers only) runs this same program:
``tf.distribute.MultiWorkerMirroredStrategy`` reads TF_CONFIG, each task holds a full copy of
the model, and every step all-reduces the gradients over all tasks (Keras 3 ``model.fit``).
A synchronous job: one task that dies leaves the others failing or blocked in an all-reduce,
so the spec uses ``failurePolicy: gang`` (MesoFlow relaunches every task together).

The loop is a custom one (``strategy.run`` over a ``tf.function`` step, a Keras 3 model and
optimizer): Keras 3's ``model.fit`` does not run under MultiWorkerMirroredStrategy (Keras 3.15
on TensorFlow 2.21 fails in ``_maybe_symbolic_build`` reducing the first batch, then in
``reduce_per_replica`` reducing scalar metrics along axis 0).

* checkpoints: a ``tf.train.CheckpointManager`` at the end of every epoch. The chief (or
  worker-0) writes ``$MESOFLOW_OUTPUT_DIR/checkpoints/ckpt-<epoch>``; the other tasks take part
  in the save (as TensorFlow requires) into a scratch folder they delete. After a relaunch
  every task restores the latest checkpoint and prints "resumed from epoch N" (the output
  dir must be readable by every task: one host, or a shared file system).
* the chief prints "epoch N loss X accuracy Y val_loss Z val_accuracy W" (and "step N loss X"
  every ``log_every`` steps), writes TensorBoard summaries (loss, accuracy) under
  ``$MESOFLOW_OUTPUT_DIR/train`` and ``/validation`` and appends ``history.jsonl``; every task
  exits 0 at the end (successPolicy ChiefOnly needs the chief's).
* ``tensorboard`` (MESOFLOW_TASK tensorboard-0): TensorBoard on ``$PORT0`` over the output dir.
* no TF_CONFIG (a one-task job): the same training in one process.

Data: a synthetic, seeded classification problem (Gaussian blobs), identical on every task;
each task reads its share of every global batch. Hyperparameters (job context,
MESOFLOW_JOB_CONTEXT or $MESOFLOW_JOB_CONTEXT_FILE): epochs, steps_per_epoch, batch_size (per
task), learning_rate, log_every, features, classes, hidden, samples, seed, threads (intra-op threads
per task, 0 = TensorFlow's default), collective_timeout_secs.
"""
import json
import os
import shutil
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
EPOCHS = int(CONTEXT.get("epochs", 8))
STEPS_PER_EPOCH = int(CONTEXT.get("steps_per_epoch", 40))
BATCH_SIZE = int(CONTEXT.get("batch_size", 64))
LEARNING_RATE = float(CONTEXT.get("learning_rate", 0.003))
LOG_EVERY = int(CONTEXT.get("log_every", 20))
FEATURES = int(CONTEXT.get("features", 16))
CLASSES = int(CONTEXT.get("classes", 4))
HIDDEN = int(CONTEXT.get("hidden", 64))
SAMPLES = int(CONTEXT.get("samples", 8192))
SEED = int(CONTEXT.get("seed", 7))
THREADS = int(CONTEXT.get("threads", 0))
COLLECTIVE_TIMEOUT_SECS = float(CONTEXT.get("collective_timeout_secs", 0))

OUTPUT_DIR = os.environ.get("MESOFLOW_OUTPUT_DIR", "./output")
CHECKPOINT_DIR = os.path.join(OUTPUT_DIR, "checkpoints")
TASK = os.environ.get("MESOFLOW_TASK", "")

os.environ.setdefault("KERAS_HOME", os.path.join(tempfile.gettempdir(), ".keras"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")


def log(message):
    print(f"[{TASK or 'local'}] {message}", flush=True)


if TASK.startswith("tensorboard"):
    port = os.environ.get("PORT0", "6006")
    if "://" not in OUTPUT_DIR:
        os.makedirs(OUTPUT_DIR, exist_ok=True)
    log(f"TensorBoard on port {port} over {OUTPUT_DIR}")
    os.execv(sys.executable, [sys.executable, "-m", "tensorboard.main", "--logdir", OUTPUT_DIR,
                              "--port", port, "--bind_all"])

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402  (Keras 3, as TensorFlow 2.16+ brings it)


def make_data(split):
    rng = np.random.default_rng(SEED)
    centers = rng.normal(0, 1.5, size=(CLASSES, FEATURES)).astype(np.float32)
    rng = np.random.default_rng(SEED + (1 if split == "train" else 2))
    n = SAMPLES if split == "train" else max(SAMPLES // 4, 256)
    labels = rng.integers(0, CLASSES, size=n).astype(np.int64)
    return centers[labels] + rng.normal(0, 2.0, size=(n, FEATURES)).astype(np.float32), labels


def input_fn(split, global_batch):
    """Each task reads its own shard (input_pipeline_id) in per-replica batches, endlessly."""
    x, y = make_data(split)

    def fn(ctx):
        data = tf.data.Dataset.from_tensor_slices((x, y)).shard(ctx.num_input_pipelines, ctx.input_pipeline_id)
        if split == "train":
            data = data.shuffle(len(x), seed=SEED + ctx.input_pipeline_id)
        return data.repeat().batch(ctx.get_per_replica_batch_size(global_batch), drop_remainder=True).prefetch(2)
    return fn


def main():
    if THREADS > 0:
        tf.config.threading.set_intra_op_parallelism_threads(THREADS)
    tf_config = json.loads(os.environ.get("TF_CONFIG") or "{}")
    cluster, task = tf_config.get("cluster") or {}, tf_config.get("task") or {}
    if task.get("type") not in (None, "chief", "worker"):
        log(f"this example has no {task.get('type')} role (chief and workers only)")
        return 2
    if cluster:
        options = tf.distribute.experimental.CommunicationOptions(
            timeout_seconds=COLLECTIVE_TIMEOUT_SECS or None)
        strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
        is_chief = task["type"] == "chief" or ("chief" not in cluster and int(task["index"]) == 0)
        log(f"all-reduce over {strategy.num_replicas_in_sync} replicas{' (chief)' if is_chief else ''}")
    else:
        strategy, is_chief = tf.distribute.get_strategy(), True
        log("no TF_CONFIG cluster: training in this process")
    replicas = strategy.num_replicas_in_sync
    global_batch = BATCH_SIZE * replicas
    eval_steps = max(1, len(make_data("test")[1]) // global_batch)

    with strategy.scope():
        model = keras.Sequential([keras.Input((FEATURES,)),
                                  keras.layers.Dense(HIDDEN, activation="relu"),
                                  keras.layers.Dense(CLASSES)])
        optimizer = keras.optimizers.SGD(LEARNING_RATE, momentum=0.9)
        optimizer.build(model.trainable_variables)  # slots exist before a restore

    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    tf.io.gfile.makedirs(OUTPUT_DIR)
    scratch = CHECKPOINT_DIR if is_chief else tempfile.mkdtemp(prefix=f"ckpt-{TASK or 'task'}-")
    manager = tf.train.CheckpointManager(checkpoint, scratch, max_to_keep=3)
    epoch = 0
    latest = tf.train.latest_checkpoint(CHECKPOINT_DIR)
    if latest:
        checkpoint.restore(latest).assert_existing_objects_matched()
        epoch = int(latest.rsplit("-", 1)[1])
        log(f"resumed from epoch {epoch} ({latest})")
    if epoch >= EPOCHS:
        log(f"already trained {epoch} of {EPOCHS} epochs")
        return 0

    def sums(x, y, training):
        logits = model(x, training=training)
        per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, axis=1), y), tf.float32))
        return per_example, correct

    @tf.function
    def train_step(iterator):
        def step_fn(x, y):
            with tf.GradientTape() as tape:
                per_example, correct = sums(x, y, True)
                loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))  # all-reduces (sums) them
            return loss, correct
        loss, correct = strategy.run(step_fn, args=next(iterator))
        return (strategy.reduce(tf.distribute.ReduceOp.SUM, loss, axis=None),
                strategy.reduce(tf.distribute.ReduceOp.SUM, correct, axis=None))

    @tf.function
    def eval_step(iterator):
        def step_fn(x, y):
            per_example, correct = sums(x, y, False)
            return tf.reduce_sum(per_example), correct
        loss, correct = strategy.run(step_fn, args=next(iterator))
        return (strategy.reduce(tf.distribute.ReduceOp.SUM, loss, axis=None),
                strategy.reduce(tf.distribute.ReduceOp.SUM, correct, axis=None))

    train_iterator = iter(strategy.distribute_datasets_from_function(input_fn("train", global_batch)))
    eval_iterator = iter(strategy.distribute_datasets_from_function(input_fn("test", global_batch)))
    writers = {name: tf.summary.create_file_writer(os.path.join(OUTPUT_DIR, name)) if is_chief
               else tf.summary.create_noop_writer() for name in ("train", "validation")}
    started, first = time.time(), epoch
    while epoch < EPOCHS:
        loss_sum = correct_sum = 0.0
        for i in range(STEPS_PER_EPOCH):
            loss, correct = train_step(train_iterator)
            loss_sum, correct_sum = loss_sum + float(loss), correct_sum + float(correct)
            step = epoch * STEPS_PER_EPOCH + i + 1
            if is_chief and LOG_EVERY and step % LOG_EVERY == 0:
                log(f"step {step} loss {float(loss):.4f}")
        val_loss = val_correct = 0.0
        for _ in range(eval_steps):
            loss, correct = eval_step(eval_iterator)
            val_loss, val_correct = val_loss + float(loss), val_correct + float(correct)
        epoch += 1
        path = manager.save(checkpoint_number=epoch)  # every task takes part; the chief's is kept
        if not is_chief:
            shutil.rmtree(scratch, ignore_errors=True)
            continue
        metrics = {"loss": loss_sum / STEPS_PER_EPOCH, "accuracy": correct_sum / (STEPS_PER_EPOCH * global_batch),
                   "val_loss": val_loss / (eval_steps * global_batch),
                   "val_accuracy": val_correct / (eval_steps * global_batch)}
        step = epoch * STEPS_PER_EPOCH
        for name, prefix in (("train", ""), ("validation", "val_")):
            with writers[name].as_default():
                tf.summary.scalar("loss", metrics[prefix + "loss"], step=step)
                tf.summary.scalar("accuracy", metrics[prefix + "accuracy"], step=step)
            writers[name].flush()
        log(f"epoch {epoch} " + " ".join(f"{k} {v:.4f}" for k, v in metrics.items())
            + f" ({time.time() - started:.1f}s) checkpoint {os.path.basename(path)}")
        with tf.io.gfile.GFile(os.path.join(OUTPUT_DIR, "history.jsonl"), "a") as f:
            f.write(json.dumps({"epoch": epoch, "step": step, **{k: round(v, 6) for k, v in metrics.items()},
                                "time": time.time()}) + "\n")
    log(f"training done: epochs {first + 1}-{EPOCHS} in {time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
