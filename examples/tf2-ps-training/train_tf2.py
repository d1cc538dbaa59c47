#!/usr/bin/env python3
"""The ps-training example with real TensorFlow 2: ParameterServerStrategy from TF_CONFIG.

For clusters whose agents have TensorFlow 2 (>= 2.6) installed; MesoFlow's own build
machines have no TensorFlow, so this file is not run by the test suite. It reads the same
TF_CONFIG MesoFlow writes for every task:

* ``ps`` and ``worker`` tasks start a ``tf.distribute.Server`` at their TF_CONFIG address
  and serve until MesoFlow kills them when the job ends;
* the ``chief`` is the coordinator: it builds the model under ``ParameterServerStrategy``,
  dispatches training steps to the workers with ``ClusterCoordinator`` (Keras ``fit``) and
  exits 0 when training is done, which ends the job (successPolicy ChiefOnly);
* the ``evaluator`` runs TensorFlow's side-car evaluation over the chief's checkpoints.

Hyperparameters come from the job context (MESOFLOW_JOB_CONTEXT): learning_rate, epochs,
steps_per_epoch, batch_size, features, samples, seed.
"""
import json
import os

import tensorflow as tf

CONTEXT = json.loads(os.environ.get("MESOFLOW_JOB_CONTEXT") or "{}")
OUTPUT_DIR = os.environ.get("MESOFLOW_OUTPUT_DIR", "./output")
FEATURES = int(CONTEXT.get("features", 16))
SAMPLES = int(CONTEXT.get("samples", 2000))


def dataset(seed):
    rng = tf.random.Generator.from_seed(int(CONTEXT.get("seed", 7)))
    true_w = rng.uniform([FEATURES, 1], -2, 2)
    x = rng.normal([SAMPLES, FEATURES])
    y = tf.cast(tf.matmul(x, true_w) + rng.normal([SAMPLES, 1], stddev=0.5) > 0, tf.float32)
    return (tf.data.Dataset.from_tensor_slices((x, y)).shuffle(SAMPLES, seed=seed).repeat()
            .batch(int(CONTEXT.get("batch_size", 32))))


def build_model():
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid", input_shape=(FEATURES,))])
    model.compile(optimizer=tf.keras.optimizers.SGD(float(CONTEXT.get("learning_rate", 0.5))),
                  loss="binary_crossentropy", metrics=["accuracy"], steps_per_execution=10)
    return model


def main():
    resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    task_type = resolver.task_type
    if task_type in ("ps", "worker"):
        server = tf.distribute.Server(resolver.cluster_spec(), job_name=task_type,
                                      task_index=resolver.task_id, protocol=resolver.rpc_layer or "grpc",
                                      start=True)
        server.join()
        return 0
    checkpoints = os.path.join(OUTPUT_DIR, "checkpoints")
    if task_type == "evaluator":
        model = build_model()
        tf.keras.utils.SidecarEvaluator(model=model, data=dataset(seed=1).take(20),
                                        checkpoint_dir=checkpoints, steps=20, max_evaluations=None).start()
        return 0
    # chief (the coordinator)
    strategy = tf.distribute.ParameterServerStrategy(resolver)
    with strategy.scope():
        model = build_model()
    model.fit(tf.keras.utils.experimental.DatasetCreator(lambda ctx: dataset(seed=ctx.input_pipeline_id)),
              epochs=int(CONTEXT.get("epochs", 5)), steps_per_epoch=int(CONTEXT.get("steps_per_epoch", 50)),
              callbacks=[tf.keras.callbacks.ModelCheckpoint(os.path.join(checkpoints, "ckpt-{epoch}"),
                                                            save_weights_only=True),
                         tf.keras.callbacks.CSVLogger(os.path.join(OUTPUT_DIR, "metrics.csv"))])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
