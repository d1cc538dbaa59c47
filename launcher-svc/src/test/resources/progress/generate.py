#!/usr/bin/env python3
"""Regenerates the progress fixtures with real TensorFlow (run from this folder):
an output dir as a TF2 training loop leaves it: scalars in runs train/ and eval/, a scalar directly
in the output dir, and a tf.train.CheckpointManager 'checkpoint' state file (its data files deleted
to keep the fixtures tiny). Also a sandbox progress.jsonl as examples/tools/mesoflow_progress.py writes it."""
import glob
import json
import os
import shutil

import tensorflow as tf

OUT = "output"
shutil.rmtree(OUT, ignore_errors=True)
for run, tags in (("train", ("loss",)), ("eval", ("loss", "accuracy"))):
    writer = tf.summary.create_file_writer(os.path.join(OUT, run))
    with writer.as_default():
        steps = (10, 20, 30) if run == "train" else (20,)
        for step in steps:
            for tag in tags:
                value = 1.0 / step if tag == "loss" else 0.5 + step / 100.0
                tf.summary.scalar(tag, value, step=step)
    writer.close()
writer = tf.summary.create_file_writer(OUT)
with writer.as_default():
    tf.summary.scalar("learning_rate", 0.001, step=30)
    tf.summary.text("note", "not a scalar", step=30)
writer.close()
step = tf.Variable(30, dtype=tf.int64)
manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=step), os.path.join(OUT, "checkpoints"), max_to_keep=2)
manager.save(checkpoint_number=20)
manager.save(checkpoint_number=30)
for data in glob.glob(os.path.join(OUT, "checkpoints", "ckpt-*")):
    os.remove(data)
with open("progress.jsonl", "w") as f:
    for n, t in ((100, 1700000000.0), (200, 1700000010.0)):
        f.write(json.dumps({"step": n, "total_steps": 1000, "time": t, "loss": 2.0 / n, "epoch": 1}) + "\n")
