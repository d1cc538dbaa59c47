package io.mesoflow.testing.mesos;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One task of a simulated agent, run as a local process the way the DEFAULT executor runs it.
 * Guarantees: TASK_STARTING, then the fetch, secret volumes and environment, then the process
 * ({@code setsid bash -c <value>} in the sandbox, stdout/stderr to files there) and TASK_RUNNING;
 * at exit exactly one terminal update (FINISHED, FAILED with the exit status or signal, KILLED
 * after a KILL). A KILL sends TASK_KILLING (framework with TASK_KILLING_STATE), SIGTERM to the
 * process group and SIGKILL after the grace period. A task with a TCP health check is checked
 * while it runs ({@link HealthChecker}). Updates are emitted in order under this
 * object's lock; callbacks to the agent run outside it. An exit status above 128 is read as a
 * signal (Java cannot tell {@code exit 137} from SIGKILL).
 */
final class TaskRunner implements Runnable {
    /** Where the task runs and whom it tells. */
    record Context(String agentId, String frameworkId, String executorId, String containerId, Path sandbox,
                   String agentEndpoint, boolean secretVolumes, boolean images, boolean killingState, Settings settings,
                   ScheduledExecutorService scheduler, Consumer<TaskStatus> updates, Consumer<TaskRunner> ended) {
    }

    private static final Map<Integer, String> SIGNALS = Map.of(1, "Hangup", 2, "Interrupt", 3, "Quit", 6, "Aborted",
            9, "Killed", 10, "User defined signal 1", 11, "Segmentation fault", 13, "Broken pipe", 14, "Alarm clock",
            15, "Terminated");
    private final Protos.TaskInfo task;
    private final Context ctx;
    private final String taskContainerId = UUID.randomUUID().toString();
    private Process process;
    private boolean killRequested;
    private boolean abandoned;
    private TaskState state = TaskState.TASK_STAGING;
    private Future<?> killTimer;
    private Duration killGrace;
    private HealthChecker health = HealthChecker.NONE;
    private boolean unhealthy;

    TaskRunner(Protos.TaskInfo task, Context ctx) {
        this.task = task;
        this.ctx = ctx;
    }

    String taskId() {
        return task.getTaskId().getValue();
    }

    Protos.TaskInfo task() {
        return task;
    }

    Path sandbox() {
        return ctx.sandbox();
    }

    synchronized boolean terminal() {
        return Statuses.terminal(state);
    }

    @Override
    public void run() {
        synchronized (this) {
            if (abandoned || terminal()) {
                return;
            }
            emit(TaskState.TASK_STARTING, null, null);
        }
        ProcessBuilder pb;
        try {
            checkImage();
            Files.createDirectories(ctx.sandbox());
            Fetcher.fetchAll(task.getCommand().getUrisList(), ctx.sandbox());
            writeSecretVolumes();
            pb = new ProcessBuilder(command()).directory(ctx.sandbox().toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(ctx.sandbox().resolve("stdout").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(ctx.sandbox().resolve("stderr").toFile()));
            pb.environment().clear();
            pb.environment().putAll(environment());
        } catch (IOException | RuntimeException e) {
            finish(TaskState.TASK_FAILED, "Failed to launch container: " + e.getMessage(),
                    TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            return;
        }
        synchronized (this) {
            if (abandoned || killRequested) {
                if (!abandoned) {
                    emit(TaskState.TASK_KILLED, "Task killed before it started", null);
                }
            } else {
                try {
                    process = pb.start();
                    ProcessReaper.register(process.pid());
                    emit(TaskState.TASK_RUNNING, null, null);
                    health = HealthChecker.start(task, ctx.scheduler(), this::healthChanged);
                } catch (IOException e) {
                    emit(TaskState.TASK_FAILED, "Failed to launch container: " + e.getMessage(),
                            TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
                }
            }
        }
        if (process != null) {
            waitForExit();
        }
        ctx.ended().accept(this);
    }

    private void waitForExit() {
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            ProcessReaper.signal(process.pid(), "KILL");
            code = 137;
        }
        ProcessReaper.unregister(process.pid());
        synchronized (this) {
            health.stop();
            if (killTimer != null) {
                killTimer.cancel(false);
            }
            String how = code > 128 && code < 128 + 65
                    ? "Command terminated with signal " + SIGNALS.getOrDefault(code - 128, "Signal " + (code - 128))
                    : "Command exited with status " + code;
            if (abandoned) {
                return;
            } else if (killRequested) {
                emit(TaskState.TASK_KILLED, how, null);
            } else if (code == 0) {
                emit(TaskState.TASK_FINISHED, how, null);
            } else {
                emit(TaskState.TASK_FAILED, how, TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED);
            }
        }
    }

    /** KILL from the framework with the agent's grace period. */
    synchronized void kill() {
        kill(null);
    }

    /**
     * KILL from the framework: KILLING, SIGTERM to the group, SIGKILL after the grace period: the
     * kill's {@code kill_policy.grace_period} when given ({@code grace}), else the task's own
     * {@code kill_policy}, else the agent's ({@link Settings#killGracePeriod}).
     */
    synchronized void kill(Duration grace) {
        if (terminal() || killRequested || abandoned) {
            return;
        }
        killRequested = true;
        health.stop();
        if (process == null) {
            return; // still fetching: it will not start
        }
        if (ctx.killingState()) {
            emit(TaskState.TASK_KILLING, null, null);
        }
        long pid = process.pid();
        Duration wait = grace != null ? grace : task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()
                ? Duration.ofNanos(task.getKillPolicy().getGracePeriod().getNanoseconds())
                : ctx.settings().killGracePeriod();
        killGrace = wait;
        ProcessReaper.signal(pid, "TERM");
        killTimer = ctx.scheduler().schedule(() -> ProcessReaper.signal(pid, "KILL"), wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The grace period of the kill that was carried out (SIGTERM to SIGKILL); null before one. */
    synchronized Duration killGrace() {
        return killGrace;
    }

    /** The task's process crashes (SIGKILL to its group): TASK_FAILED, terminated with signal Killed. */
    synchronized void crash() {
        if (process != null && !terminal()) {
            ProcessReaper.signal(process.pid(), "KILL");
        }
    }

    /** The agent is gone: kill the process and tell nobody. */
    synchronized void abandon() {
        abandoned = true;
        health.stop();
        if (process != null && process.isAlive()) {
            ProcessReaper.signal(process.pid(), "KILL");
        }
    }

    private void finish(TaskState terminal, String message, TaskStatus.Reason reason) {
        synchronized (this) {
            if (abandoned) {
                return;
            }
            emit(terminal, message, reason);
        }
        ctx.ended().accept(this);
    }

    /**
     * Why: the DEFAULT executor sends each change of a task's health as TASK_RUNNING again, with
     * {@code REASON_TASK_HEALTH_CHECK_STATUS_UPDATED} and {@code healthy}; it kills a task its check gives
     * up on, whose end then says {@code healthy=false}.
     */
    private synchronized void healthChanged(boolean healthy, boolean killTask) {
        if (abandoned || killRequested || terminal()) {
            return;
        }
        emit(TaskState.TASK_RUNNING, null, TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, healthy);
        if (killTask) {
            unhealthy = true;
            kill();
        }
    }

    private void emit(TaskState s, String message, TaskStatus.Reason reason) {
        emit(s, message, reason, Statuses.terminal(s) && unhealthy ? Boolean.FALSE : null);
    }

    private void emit(TaskState s, String message, TaskStatus.Reason reason, Boolean healthy) {
        state = s;
        TaskStatus.Builder status = Statuses.fromExecutor(taskId(), ctx.agentId(), ctx.executorId(), s)
                .setContainerStatus(Protos.ContainerStatus.newBuilder().setContainerId(Protos.ContainerID.newBuilder()
                        .setValue(taskContainerId).setParent(Protos.ContainerID.newBuilder().setValue(ctx.containerId()))));
        if (message != null) {
            status.setMessage(message);
        }
        if (reason != null) {
            status.setReason(reason);
        }
        if (healthy != null) {
            status.setHealthy(healthy);
        }
        ctx.updates().accept(status.build());
    }

    private List<String> command() {
        Protos.CommandInfo c = task.getCommand();
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        if (!c.hasShell() || c.getShell()) {
            cmd.addAll(List.of("bash", "-c", c.getValue()));
        } else {
            cmd.add(c.getValue());
            cmd.addAll(c.getArgumentsList().subList(Math.min(1, c.getArgumentsCount()), c.getArgumentsCount()));
        }
        return cmd;
    }

    private Map<String, String> environment() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String k : List.of("PATH", "HOME", "LANG")) {
            if (System.getenv(k) != null) {
                env.put(k, System.getenv(k));
            }
        }
        for (Protos.Environment.Variable v : task.getCommand().getEnvironment().getVariablesList()) {
            env.put(v.getName(), v.getType() == Protos.Environment.Variable.Type.SECRET ? secret(v.getSecret()).toStringUtf8()
                    : v.getValue());
        }
        env.put("MESOS_SANDBOX", ctx.sandbox().toString());
        env.put("MESOS_TASK_ID", taskId());
        env.put("MESOS_FRAMEWORK_ID", ctx.frameworkId());
        env.put("MESOS_EXECUTOR_ID", ctx.executorId());
        env.put("MESOS_AGENT_ENDPOINT", ctx.agentEndpoint());
        return env;
    }

    /**
     * Why: an agent without {@code --image_providers=docker} (and its {@code docker/runtime} isolator) fails a
     * task that names a Docker image. One that has them would run it in the image; the simulator runs it on
     * the host all the same.
     */
    private void checkImage() throws IOException {
        Protos.ContainerInfo container = task.getContainer();
        if (container.hasMesos() && container.getMesos().hasImage() && !ctx.images()) {
            throw new IOException("Unsupported container image type: " + container.getMesos().getImage().getType()
                    + " (this agent has no --image_providers and no docker/runtime isolator)");
        }
    }

    /** Why: without the {@code volume/secret} isolator a real agent leaves a SECRET volume out, silently. */
    private void writeSecretVolumes() throws IOException {
        if (!ctx.secretVolumes()) {
            return;
        }
        for (Protos.Volume v : task.getContainer().getVolumesList()) {
            if (v.hasSource() && v.getSource().getType() == Protos.Volume.Source.Type.SECRET) {
                Path file = Fetcher.inside(ctx.sandbox(), v.getContainerPath());
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
                Files.write(file, secret(v.getSource().getSecret()).toByteArray());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            }
        }
    }

    /** Why: the default secret resolver resolves VALUE secrets only. */
    private static com.google.protobuf.ByteString secret(Protos.Secret secret) throws IOException {
        if (secret.getType() != Protos.Secret.Type.VALUE) {
            throw new IOException("secret of type " + secret.getType() + " cannot be resolved (no secret resolver)");
        }
        return secret.getValue().getData();
    }
}
