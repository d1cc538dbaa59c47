"""MesoFlow progress file: a tiny Keras callback (no MesoFlow dependency).

Appends one JSON line per report to ``$MESOFLOW_SANDBOX/progress.jsonl`` (the current directory when
the variable is not set): ``step``, ``total_steps`` (when known), ``time`` (seconds since the epoch)
and the numeric metrics Keras logs (``loss``, ``accuracy``, ``val_loss``...). MesoFlow's launcher reads
it when it cannot read the job's TensorBoard event files itself (an ``hdfs://`` or ``s3://`` output
location, or one that is not on the launcher's host) and publishes the job's step, rate and ETA.

    model.fit(..., callbacks=[MesoflowProgress(every=50)])

A custom training loop calls ``report`` itself:

    progress = MesoflowProgress(total_steps=max_steps)
    progress.report(step, loss=0.31)
"""
import json
import math
import os
import time

import keras

FILE = "progress.jsonl"


class MesoflowProgress(keras.callbacks.Callback):
    """Reports the global step every ``every`` batches and at each epoch's end."""

    def __init__(self, every=50, total_steps=None, path=None):
        super().__init__()
        self.every = max(1, int(every))
        self.total_steps = total_steps
        self.path = path or os.path.join(os.environ.get("MESOFLOW_SANDBOX") or ".", FILE)
        self._step = 0
        self._epoch = 0

    def on_train_begin(self, logs=None):
        params = self.params or {}
        if self.total_steps is None and params.get("steps") and params.get("epochs"):
            self.total_steps = int(params["steps"]) * int(params["epochs"])

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self._step += 1
        if self._step % self.every == 0:
            self.report(self._step, **(logs or {}))

    def on_epoch_end(self, epoch, logs=None):
        self.report(self._step, epoch=epoch + 1, **(logs or {}))

    def report(self, step, **metrics):
        """Appends one line: ``step`` and every finite numeric metric."""
        line = {"step": int(step), "time": round(time.time(), 3)}
        if self.total_steps:
            line["total_steps"] = int(self.total_steps)
        for name, value in metrics.items():
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if math.isfinite(number) and name not in line:
                line[name] = number
        with open(self.path, "a") as f:  # one write per line: a reader never sees half of one
            f.write(json.dumps(line) + "\n")
