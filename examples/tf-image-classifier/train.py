#!/usr/bin/env python3
"""A small CNN image classifier with parameter servers, in the spirit of the 2017 DC/OS
TensorFlow demo, on real TensorFlow (2.16+, Keras 3) driven by MesoFlow's TF_CONFIG.

Data: the handwritten digits that ship with scikit-learn (``sklearn.datasets.load_digits``:
1797 8x8 grey-scale images, 10 classes; nothing is downloaded at run time). A fixed, seeded
split keeps 20% as the test set.

* ``ps`` and ``worker`` (``gpu_worker`` tasks join ``worker`` in TF_CONFIG):
  ``tf.distribute.Server`` at the TF_CONFIG address until MesoFlow kills them. The ps hold the
  Keras 3 model's and optimizer's variables; the workers run the training steps (on a GPU when
  the task has one and its TensorFlow is a CUDA build).
* ``chief``: the coordinator (``tf.distribute.experimental.ParameterServerStrategy`` and a
  ``ClusterCoordinator`` custom loop: Keras 3 has no ``fit`` for parameter servers). Every
  ``eval_every`` steps it scores the test set, prints "step N loss X test_accuracy Y", writes
  summaries (``$MESOFLOW_OUTPUT_DIR/train``: loss; ``/test``: loss and accuracy) and a
  checkpoint (``$MESOFLOW_OUTPUT_DIR/checkpoints``); a relaunched chief resumes from the latest
  one ("resumed from step N"). At the end it writes ``result.json`` (final test accuracy) and
  exits 0; with ``min_accuracy`` set, it exits 1 below it.
* ``tensorboard`` (MESOFLOW_TASK tensorboard-0): TensorBoard on ``$PORT0`` over the output dir.
* no TF_CONFIG (a one-task job): the same loop in one process.

Hyperparameters (job context, MESOFLOW_JOB_CONTEXT or $MESOFLOW_JOB_CONTEXT_FILE):
max_steps, batch_size, learning_rate, eval_every, filters, seed, threads (intra-op threads per
task, 0 = TensorFlow's default), min_accuracy.
"""
import json
import os
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
MAX_STEPS = int(CONTEXT.get("max_steps", 600))
BATCH_SIZE = int(CONTEXT.get("batch_size", 32))
LEARNING_RATE = float(CONTEXT.get("learning_rate", 0.002))
EVAL_EVERY = int(CONTEXT.get("eval_every", 100))
FILTERS = int(CONTEXT.get("filters", 16))
SEED = int(CONTEXT.get("seed", 7))
THREADS = int(CONTEXT.get("threads", 0))
MIN_ACCURACY = float(CONTEXT.get("min_accuracy", 0))

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
import keras  # noqa: E402

# Each CheckpointManager.save under ParameterServerStrategy retraces the saver: not a problem.
tf.get_logger().addFilter(lambda record: "triggered tf.function retracing" not in record.getMessage())


def load_digits():
    """(x_train, y_train, x_test, y_test): 8x8x1 images scaled to [0, 1], int64 labels."""
    from sklearn.datasets import load_digits as sklearn_digits  # only the chief needs it
    digits = sklearn_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., None]
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(SEED).permutation(len(y))
    x, y = x[order], y[order]
    split = int(len(y) * 0.8)
    return x[:split], y[:split], x[split:], y[split:]


def build_model():
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(FILTERS, 3, padding="same", activation="relu"),
        keras.layers.Conv2D(2 * FILTERS, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10),
    ], name="digits_cnn")


def progress_file():
    """MesoFlow's progress file (examples/tools/mesoflow_progress.py) when the artifact bundles it
    (or the script runs from the repository):
    the launcher reads it where it cannot read the TensorBoard event files (an hdfs:// or s3:// output)."""
    tools = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools")  # run from the repository
    if os.path.isdir(tools) and tools not in sys.path:
        sys.path.append(tools)
    try:
        from mesoflow_progress import MesoflowProgress
    except ImportError:
        return None
    return MesoflowProgress(total_steps=MAX_STEPS)


def run_server(resolver):
    os.environ["GRPC_FAIL_FAST"] = "use_caller"
    config = tf.compat.v1.ConfigProto()
    if THREADS > 0:
        config.intra_op_parallelism_threads = THREADS  # (one inter-op thread can deadlock it)
    server = tf.distribute.Server(resolver.cluster_spec(), job_name=resolver.task_type,
                                  task_index=resolver.task_id, protocol=resolver.rpc_layer or "grpc",
                                  config=config, start=True)
    gpus = tf.config.list_physical_devices("GPU")
    log(f"{resolver.task_type} server on {server.target}" + (f" with {len(gpus)} GPU(s)" if gpus else ""))
    server.join()
    return 0


def run_chief(resolver):
    if THREADS > 0:
        tf.config.threading.set_intra_op_parallelism_threads(THREADS)
    tf.io.gfile.makedirs(OUTPUT_DIR)
    x_train, y_train, x_test, y_test = load_digits()
    log(f"digits: {len(y_train)} training and {len(y_test)} test images")
    if resolver is not None:
        strategy = tf.distribute.experimental.ParameterServerStrategy(resolver)
        coordinator = tf.distribute.coordinator.ClusterCoordinator(strategy)
        cluster = resolver.cluster_spec().as_dict()
        log(f"coordinating {len(cluster.get('worker', []))} workers and {len(cluster.get('ps', []))} ps")
    else:
        strategy, coordinator = tf.distribute.get_strategy(), None
        log("no TF_CONFIG cluster: training in this process")

    with strategy.scope():
        model = build_model()
        optimizer = keras.optimizers.Adam(LEARNING_RATE)
        optimizer.build(model.trainable_variables)
        step = tf.Variable(0, dtype=tf.int64, name="global_step", trainable=False)
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
    manager = tf.train.CheckpointManager(checkpoint, CHECKPOINT_DIR, max_to_keep=5)
    if manager.latest_checkpoint:
        checkpoint.restore(manager.latest_checkpoint)
        log(f"resumed from step {int(step.numpy())} ({manager.latest_checkpoint})")

    def dataset_fn(seed=0):
        return (tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(len(y_train), seed=SEED + seed)
                .repeat().batch(BATCH_SIZE, drop_remainder=True).prefetch(2))

    @tf.function
    def train_step(iterator):
        def replica_fn(x, y):
            with tf.GradientTape() as tape:
                logits = model(x, training=True)
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            step.assign_add(1)
            return loss
        x, y = next(iterator)
        return strategy.reduce(tf.distribute.ReduceOp.SUM, strategy.run(replica_fn, args=(x, y)), axis=None)

    @tf.function
    def evaluate():  # on the coordinator, reading the variables from the ps
        logits = model(x_test, training=False)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_test, logits=logits))
        return loss, tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, axis=1), y_test), tf.float32))

    if coordinator is not None:
        @tf.function
        def per_worker_dataset_fn():
            return strategy.distribute_datasets_from_function(lambda ctx: dataset_fn(ctx.input_pipeline_id))
        iterator = iter(coordinator.create_per_worker_dataset(per_worker_dataset_fn))
        schedule, join, fetch = coordinator.schedule, coordinator.join, lambda r: r.fetch()
    else:
        iterator = iter(dataset_fn())
        schedule, join, fetch = (lambda fn, args: fn(*args)), (lambda: None), (lambda r: r.numpy())

    writers = {name: tf.summary.create_file_writer(os.path.join(OUTPUT_DIR, name)) for name in ("train", "test")}
    progress = progress_file()
    current = int(step.numpy())
    started, first, accuracy = time.time(), current, None
    while current < MAX_STEPS:
        n = min(EVAL_EVERY - current % EVAL_EVERY, MAX_STEPS - current)
        results = [schedule(train_step, args=(iterator,)) for _ in range(n)]
        join()
        current = int(step.numpy())
        train_loss = float(np.mean([fetch(r) for r in results]))
        test_loss, accuracy = (float(v) for v in evaluate())
        log(f"step {current} loss {train_loss:.4f} test_loss {test_loss:.4f} test_accuracy {accuracy:.4f}")
        with writers["train"].as_default():
            tf.summary.scalar("loss", train_loss, step=current)
        with writers["test"].as_default():
            tf.summary.scalar("loss", test_loss, step=current)
            tf.summary.scalar("accuracy", accuracy, step=current)
        for writer in writers.values():
            writer.flush()
        if progress is not None:
            progress.report(current, loss=train_loss, test_loss=test_loss, test_accuracy=accuracy)
        manager.save(checkpoint_number=current)
    if accuracy is None:
        accuracy = float(evaluate()[1])
    took = time.time() - started
    result = {"step": current, "test_accuracy": round(accuracy, 4), "test_images": len(y_test),
              "steps_this_run": current - first, "seconds": round(took, 1)}
    with tf.io.gfile.GFile(os.path.join(OUTPUT_DIR, "result.json"), "w") as f:
        f.write(json.dumps(result))
    log(f"done at step {current}: test accuracy {accuracy:.4f} ({current - first} steps in {took:.1f}s)")
    if accuracy < MIN_ACCURACY:
        log(f"below min_accuracy {MIN_ACCURACY}")
        return 1
    return 0


def main():
    tf_config = json.loads(os.environ.get("TF_CONFIG") or "{}")
    if not tf_config.get("cluster"):
        return run_chief(None)
    resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    if resolver.task_type in ("ps", "worker"):
        return run_server(resolver)
    if resolver.task_type == "chief":
        return run_chief(resolver)
    log(f"this example has no {resolver.task_type} role (chief, ps, worker, gpu_worker, tensorboard)")
    return 2


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
