#!/usr/bin/env python3
"""Runs every task of a MesoFlow job spec as a local process, without MesoFlow.

For trying an example by hand: each task gets what a MesoFlow task gets (TF_CONFIG on
127.0.0.1 with free ports, MESOFLOW_TASK, MESOFLOW_ATTEMPT, MESOFLOW_OUTPUT_DIR,
MESOFLOW_JOB_CONTEXT(_FILE), PORT0, MESOFLOW_PORTS, CUDA_VISIBLE_DEVICES, its own sandbox
with a copy of the artifact) and runs the spec's entryPoint with /bin/sh -c. Restarts follow
the role's restartPolicy (OnFailure by default: a task that fails is started again on the
same port) and the spec's failurePolicy (gang: every task is restarted). The job succeeds
when the chief (or worker-0) exits 0 (AllWorkers: every chief/worker); then the evaluator
gets --evaluator-wait seconds to finish and the rest is stopped. Each task's output is
printed with its name and kept in <workdir>/sandboxes/<task>/{stdout,stderr}.

  examples/tools/run_local_cluster.py examples/tf-ps-training/local.json --workdir /tmp/ps
  ... --context '{"max_steps": 400}'     merged into the job context
  ... --kill worker-1@20                 SIGKILL worker-1 20 s after the start (repeatable)
  ... --no-tensorboard                   leave out the tensorboard task
  ... --suspend 25:30                    suspend the job 25 s after the start as MesoFlow does: a
                                         preemption notice in the sandbox and SIGTERM to every task
                                         but the ps, SIGKILL 30 s later (the grace period), then
                                         the ps; exit 0 when the chief exited 0 (rerun with the
                                         same --workdir to resume)

MESOFLOW_PYTHON is passed to the tasks (the examples run ${MESOFLOW_PYTHON:-python3}).
Exit status: 0 when the job succeeded, 1 otherwise.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile

NOTICE = ".mesoflow-preemption-notice"

ORDER = ["chief", "ps", "worker", "gpu_worker", "evaluator", "tensorboard"]
ONE_EACH = {"chief", "evaluator", "tensorboard"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Task:
    def __init__(self, role, index, spec_context, role_spec):
        self.role, self.index = role, index
        self.name = f"{role}-{index}"
        self.port = free_port()
        self.context = {**spec_context, **role_spec.get("context", {})}
        self.restart_policy = role_spec.get("restartPolicy", "OnFailure")
        self.gpus = int(role_spec.get("gpus", 1 if role == "gpu_worker" else 0))
        self.attempt, self.proc, self.code = 0, None, None


def layout(spec, with_tensorboard):
    tasks = []
    for role in ORDER:
        role_spec = spec["roles"].get(role)
        if role == "tensorboard":
            if not (spec.get("tensorboard") and with_tensorboard):
                continue
            role_spec = role_spec or {}
        if role_spec is None:
            continue
        count = min(int(role_spec.get("count", 1)), 1) if role in ONE_EACH else int(role_spec.get("count", 1))
        tasks += [Task(role, i, spec.get("context", {}), role_spec) for i in range(count)]
    return tasks


def tf_config(tasks, task):
    cluster = {}
    for role in ("chief", "ps", "worker"):
        members = [t for t in tasks if t.role == role or (role == "worker" and t.role == "gpu_worker")]
        members.sort(key=lambda t: (t.role == "gpu_worker", t.index))  # gpu workers after the CPU ones
        if members:
            cluster[role] = [f"127.0.0.1:{t.port}" for t in members]
    if sum(len(v) for v in cluster.values()) <= 1 or task.role == "tensorboard":
        return None
    if task.role == "gpu_worker":
        index = sum(1 for t in tasks if t.role == "worker") + task.index
        return {"cluster": cluster, "task": {"type": "worker", "index": index}}
    return {"cluster": cluster, "task": {"type": task.role, "index": task.index}}


def prepare_sandbox(spec, spec_dir, sandbox):
    os.makedirs(os.path.join(sandbox, "tmp"), exist_ok=True)
    url = spec["artifactUrl"]
    path = url[len("file://"):] if url.startswith("file://") else url
    if "://" in path:
        sys.exit(f"only local artifacts here, not {url}")
    path = os.path.join(spec_dir, path)
    if os.path.isdir(path):
        shutil.copytree(path, sandbox, dirs_exist_ok=True)
    elif path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            z.extractall(sandbox)
    else:
        shutil.copy(path, sandbox)


def pump(stream, name, sink):
    for line in iter(stream.readline, b""):
        sink.write(line)
        sink.flush()
        sys.stdout.write(f"{name:>14} | {line.decode(errors='replace')}")
        sys.stdout.flush()


def start(task, tasks, spec, args, sandboxes, started):
    sandbox = os.path.join(sandboxes, task.name)
    context = json.dumps(task.context)
    with open(os.path.join(sandbox, "job_context.json"), "w") as f:
        f.write(context)
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "MESOFLOW_PYTHON", "LANG")}
    env.update({
        "PYTHONUNBUFFERED": "1", "TMPDIR": os.path.join(sandbox, "tmp"),
        "MESOFLOW_JOB_ID": args.job_id, "MESOFLOW_TASK": task.name, "MESOFLOW_ATTEMPT": str(task.attempt),
        "MESOFLOW_OUTPUT_DIR": args.output, "MESOFLOW_SANDBOX": sandbox,
        "MESOFLOW_JOB_CONTEXT": context, "MESOFLOW_JOB_CONTEXT_FILE": os.path.join(sandbox, "job_context.json"),
        "PORT0": str(task.port), "MESOFLOW_PORTS": str(task.port),
        "CUDA_VISIBLE_DEVICES": ",".join(str(i) for i in range(task.gpus)),
        "MESOFLOW_PREEMPTION_NOTICE": os.path.join(sandbox, NOTICE),
    })
    if os.path.exists(os.path.join(sandbox, NOTICE)):
        os.remove(os.path.join(sandbox, NOTICE))
    config = tf_config(tasks, task)
    if config:
        env["TF_CONFIG"] = json.dumps(config)
    # as MesoFlow's wrapper: the shell outlives a SIGTERM until the entry point has ended
    task.proc = subprocess.Popen(["/bin/sh", "-c", "trap exit TERM; " + spec["entryPoint"]], cwd=sandbox, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    task.code = None
    sink = open(os.path.join(sandbox, "stdout"), "ab")
    threading.Thread(target=pump, args=(task.proc.stdout, task.name, sink), daemon=True).start()
    say(started, f"started {task.name} attempt {task.attempt} (pid {task.proc.pid}, port {task.port})")


def stop(task, sig=signal.SIGTERM):
    if task.proc and task.proc.poll() is None:
        try:
            os.killpg(task.proc.pid, sig)
        except ProcessLookupError:
            pass


def notify(task, sandboxes, grace, reason):
    """The preemption notice, as MesoFlow's launcher writes it: atomically, before the SIGTERM."""
    path = os.path.join(sandboxes, task.name, NOTICE)
    deadline = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(time.time()) + grace))
    with open(path + ".tmp", "w") as f:
        f.write(json.dumps({"reason": reason, "gracePeriodSeconds": grace, "deadline": deadline}) + "\n")
    os.replace(path + ".tmp", path)


def suspend(tasks, sandboxes, grace, started):
    """Notice and SIGTERM to every running task but the ps, SIGKILL after the grace, then the ps."""
    stopping = [t for t in tasks if t.role != "ps" and t.proc.poll() is None]
    sent = time.time()
    say(started, f"suspending: notice and SIGTERM to {', '.join(t.name for t in stopping)} (grace {grace}s)")
    for t in stopping:
        notify(t, sandboxes, grace, "suspended by run_local_cluster --suspend")
        stop(t)
    while time.time() - sent < grace and any(t.proc.poll() is None for t in stopping):
        time.sleep(0.05)
    for t in stopping:
        if t.proc.poll() is None:
            say(started, f"{t.name} still runs after the grace period: SIGKILL")
            stop(t, signal.SIGKILL)
        t.proc.wait()
        t.code = t.proc.returncode
        say(started, f"{t.name} exited with {t.code}")
    chief = next((t for t in stopping if t.role == "chief"), None)
    for t in tasks:
        if t.role == "ps":
            stop(t, signal.SIGKILL)
    return chief


def say(started, message):
    print(f"[{time.time() - started:7.1f}s] run_local_cluster: {message}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec")
    parser.add_argument("--workdir", default=None, help="sandboxes and (default) output; default: a new temp dir")
    parser.add_argument("--output", default=None, help="MESOFLOW_OUTPUT_DIR (default <workdir>/output)")
    parser.add_argument("--context", default="{}", help="JSON merged into the job context")
    parser.add_argument("--kill", action="append", default=[], metavar="TASK@SECONDS")
    parser.add_argument("--no-tensorboard", action="store_true")
    parser.add_argument("--suspend", default=None, metavar="SECONDS[:GRACE]")
    parser.add_argument("--evaluator-wait", type=float, default=120)
    parser.add_argument("--timeout", type=float, default=900, help="fail the job after this many seconds")
    parser.add_argument("--backoff-limit", type=int, default=None, help="default: the spec's (6)")
    args = parser.parse_args()

    with open(args.spec) as f:
        spec = json.load(f)
    spec.setdefault("context", {}).update(json.loads(args.context))
    args.workdir = os.path.abspath(args.workdir or __import__("tempfile").mkdtemp(prefix="mesoflow-local-"))
    args.output = os.path.abspath(args.output or os.path.join(args.workdir, "output"))
    args.job_id = os.path.basename(args.workdir)
    os.makedirs(args.output, exist_ok=True)
    backoff_left = spec.get("backoffLimit", 6) if args.backoff_limit is None else args.backoff_limit
    gang = spec.get("failurePolicy", "task") == "gang"
    success = spec.get("successPolicy", "ChiefOnly")

    tasks = layout(spec, not args.no_tensorboard)
    by_name = {t.name: t for t in tasks}
    trainers = [t for t in tasks if t.role in ("chief", "worker", "gpu_worker")]
    deciders = trainers if success == "AllWorkers" else [by_name.get("chief-0") or by_name["worker-0"]]
    kills = []
    for k in args.kill:
        name, at = k.rsplit("@", 1)
        if name not in by_name:
            sys.exit(f"--kill {k}: no task {name} (tasks: {', '.join(by_name)})")
        kills.append([float(at), by_name[name]])

    started = time.time()
    sandboxes = os.path.join(args.workdir, "sandboxes")
    for t in tasks:
        prepare_sandbox(spec, os.path.dirname(os.path.abspath(args.spec)), os.path.join(sandboxes, t.name))
    say(started, f"{len(tasks)} tasks, output {args.output}, failurePolicy {'gang' if gang else 'task'}")
    for t in tasks:
        start(t, tasks, spec, args, sandboxes, started)

    suspend_at, grace = None, 30
    if args.suspend:
        at, _, g = args.suspend.partition(":")
        suspend_at, grace = float(at), int(g or 30)
    verdict, reason, done_at = None, "", None
    try:
        while verdict is None:
            time.sleep(0.05 if suspend_at is not None else 0.2)
            now = time.time() - started
            if suspend_at is not None and now >= suspend_at and done_at is None:
                sent = time.time()
                chief = suspend(tasks, sandboxes, grace, started)
                took = time.time() - sent
                say(started, f"job SUSPENDED: every task ended {took:.2f}s after the notice")
                verdict = chief is None or chief.code == 0
                reason = "" if verdict else f"the chief exited with {chief.code} on its notice"
                break
            for k in [k for k in kills if k[0] <= now]:
                kills.remove(k)
                say(started, f"kill -9 {k[1].name}")
                stop(k[1], signal.SIGKILL)
            if now > args.timeout:
                verdict, reason = False, f"timed out after {args.timeout:.0f}s"
                break
            failed = []
            for t in tasks:
                if t.code is None and t.proc.poll() is not None:
                    t.code = t.proc.returncode
                    say(started, f"{t.name} exited with {t.code}")
                    if t.code != 0:
                        failed.append(t)
            if done_at is None and all(t.code == 0 for t in deciders):
                done_at = time.time()
                say(started, f"job succeeded ({success}); waiting for the evaluator")
            for t in failed:
                if done_at is not None:
                    continue
                retry = t.restart_policy in ("OnFailure", "Always") and t.code not in (126, 127) \
                    or t.restart_policy == "ExitCode" and (t.code < 0 or t.code >= 128)
                if not retry or backoff_left <= 0:
                    verdict, reason = False, f"{t.name} failed with {t.code}"
                    break
                backoff_left -= 1
                again = tasks if gang else [t]
                say(started, f"relaunching {', '.join(x.name for x in again)} ({backoff_left} relaunches left)")
                for x in again:
                    stop(x, signal.SIGKILL)
                for x in again:
                    if x.proc.poll() is None:
                        x.proc.wait()
                time.sleep(1)
                for x in again:
                    x.attempt += 1
                    start(x, tasks, spec, args, sandboxes, started)
                if gang:
                    break
            if verdict is None and done_at is not None:
                evaluator = by_name.get("evaluator-0")
                if evaluator is None or evaluator.code is not None or time.time() - done_at > args.evaluator_wait:
                    if evaluator is not None and evaluator.code is None:
                        say(started, f"the evaluator is still running after {args.evaluator_wait:.0f}s")
                    verdict = True
    finally:
        for t in tasks:
            stop(t)
        time.sleep(1)
        for t in tasks:
            stop(t, signal.SIGKILL)
    took = time.time() - started
    codes = ", ".join(f"{t.name}={t.code if t.code is not None else 'stopped'}" for t in tasks)
    outcome = ("SUSPENDED" if suspend_at is not None and done_at is None else "SUCCEEDED") if verdict \
        else "FAILED: " + reason
    say(started, f"job {outcome} in {took:.1f}s ({codes})")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
