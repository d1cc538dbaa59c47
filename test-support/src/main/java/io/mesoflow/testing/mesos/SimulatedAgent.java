package io.mesoflow.testing.mesos;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.v1.Protos;

/**
 * A simulated Mesos agent: its resources, the tasks it runs as local processes, its status update
 * stream and its {@code /files} HTTP server on {@code <hostname>:<free port>}. Guarantees: a
 * task's and its executor's resources are allocated from launch until the task (and the
 * executor's last task) ends; sandboxes are
 * {@code <workDir>/slaves/<id>/frameworks/<fid>/executors/<eid>/runs/<container id>/tasks/<task id>}
 * with {@code runs/latest} linking to the newest run; after {@link #fail} or {@link #close} none of
 * its processes live and it sends nothing more. Lock order: the master may call in while holding
 * its lock; this agent never calls the master while holding its own.
 */
public final class SimulatedAgent implements AutoCloseable {
    private record ExecutorRun(String containerId, Path runDir, ResourceBag resources, Set<String> liveTasks) {
    }

    private final AgentSpec spec;
    private final MasterState master;
    private final Settings settings;
    private final Path root;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(daemon("mesos-sim-task"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("mesos-sim-agent"));
    private final StatusUpdateStream updates;
    private final Map<String, ExecutorRun> executors = new HashMap<>();
    private final Map<String, TaskRunner> tasks = new LinkedHashMap<>();
    private ResourceBag allocated = ResourceBag.empty();
    private boolean removed;
    private boolean closed;

    SimulatedAgent(AgentSpec spec, MasterState master, Settings settings) throws IOException {
        this.spec = spec;
        this.master = master;
        this.settings = settings;
        this.root = spec.workDir().toAbsolutePath().resolve("slaves").resolve(spec.id());
        Files.createDirectories(root);
        this.updates = new StatusUpdateStream(scheduler, () -> settings.ackRetry, (sent, latest) ->
                master.fromAgent(this, sent, latest));
        server = HttpServer.create(new InetSocketAddress(spec.hostname(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(daemon("mesos-sim-files")));
        server.createContext("/files/read", new FilesEndpoint(root)::handle);
        server.start();
    }

    public String id() {
        return spec.id();
    }

    public AgentSpec spec() {
        return spec;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://<hostname>:<port>}: where {@code /files/read} is served. */
    public String url() {
        return "http://" + spec.hostname() + ":" + port();
    }

    /** Tasks whose process has not ended (including ones still fetching). */
    public synchronized Set<String> runningTasks() {
        Set<String> running = new HashSet<>();
        tasks.values().stream().filter(r -> !r.terminal()).forEach(r -> running.add(r.taskId()));
        return running;
    }

    public synchronized Path sandbox(String taskId) {
        TaskRunner r = tasks.get(taskId);
        if (r == null) {
            throw new IllegalArgumentException("no task " + taskId + " on agent " + id());
        }
        return r.sandbox();
    }

    /** The task's process crashes: SIGKILL to its process group, then TASK_FAILED (signal Killed). */
    public void kill9(String taskId) {
        TaskRunner r;
        synchronized (this) {
            r = tasks.get(taskId);
        }
        if (r != null) {
            r.crash();
        }
    }

    /** The agent dies: the master removes it (TASK_LOST for its tasks, FAILURE) and its processes are killed. */
    public void fail() {
        master.agentRemoved(this);
        close();
    }

    @Override
    public void close() {
        List<TaskRunner> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            removed = true;
            all = new ArrayList<>(tasks.values());
        }
        updates.close();
        all.forEach(TaskRunner::abandon);
        server.stop(0);
        threads.shutdownNow();
        scheduler.shutdownNow();
    }

    // ------------------------------------------------------------------ for the master

    synchronized ResourceBag free() {
        return removed ? ResourceBag.empty() : spec.resources().minus(allocated);
    }

    boolean hasGpus() {
        return spec.gpus() > 0;
    }

    synchronized Set<String> runningExecutors() {
        return Set.copyOf(executors.keySet());
    }

    synchronized void markRemoved() {
        removed = true;
    }

    /** An offer of {@code resources} for {@code role}, with this agent's hostname, URL and attributes. */
    Protos.Offer offer(String offerId, String frameworkId, String role, ResourceBag resources) {
        Protos.Offer.Builder o = Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(offerId))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(id())).setHostname(spec.hostname())
                .setUrl(Protos.URL.newBuilder().setScheme("http").setPath("/slave(1)")
                        .setAddress(Protos.Address.newBuilder().setHostname(spec.hostname()).setIp(spec.hostname())
                                .setPort(port())))
                .addAllResources(resources.toProto(role));
        spec.textAttributes().forEach((k, v) -> o.addAttributes(Protos.Attribute.newBuilder().setName(k)
                .setType(Protos.Value.Type.TEXT).setText(Protos.Value.Text.newBuilder().setValue(v))));
        return o.build();
    }

    /** Starts the tasks of one launch; {@code executor} null for a LAUNCH (the task is its own executor). */
    void launch(String frameworkId, Protos.ExecutorInfo executor, List<Protos.TaskInfo> group, boolean killingState) {
        List<TaskRunner> started = new ArrayList<>();
        synchronized (this) {
            if (removed) {
                return;
            }
            String eid = executor != null ? executor.getExecutorId().getValue() : group.get(0).getTaskId().getValue();
            ExecutorRun run = executors.computeIfAbsent(eid, e -> newRun(frameworkId, e, executor));
            for (Protos.TaskInfo t : group) {
                allocated = allocated.plus(ResourceBag.of(t.getResourcesList()));
                run.liveTasks().add(t.getTaskId().getValue());
                TaskRunner r = new TaskRunner(t, new TaskRunner.Context(id(), frameworkId, eid, run.containerId(),
                        run.runDir().resolve("tasks").resolve(t.getTaskId().getValue()),
                        spec.hostname() + ":" + port(), spec.secretVolumes(), spec.images(), killingState, settings, scheduler,
                        updates::add, this::ended));
                tasks.put(t.getTaskId().getValue(), r);
                started.add(r);
            }
        }
        started.forEach(threads::execute);
    }

    void kill(String taskId, java.time.Duration grace) {
        TaskRunner r;
        synchronized (this) {
            r = tasks.get(taskId);
        }
        if (r != null) {
            r.kill(grace);
        }
    }

    /** The grace period (SIGTERM to SIGKILL) the last kill of {@code taskId} was carried out with; null: none yet. */
    public synchronized java.time.Duration killGrace(String taskId) {
        TaskRunner r = tasks.get(taskId);
        return r == null ? null : r.killGrace();
    }

    void acknowledge(String taskId, ByteString uuid) {
        updates.acknowledge(taskId, uuid);
    }

    // ------------------------------------------------------------------ internals

    private ExecutorRun newRun(String frameworkId, String executorId, Protos.ExecutorInfo executor) {
        String containerId = UUID.randomUUID().toString();
        Path runs = root.resolve("frameworks").resolve(frameworkId).resolve("executors").resolve(executorId)
                .resolve("runs");
        Path runDir = runs.resolve(containerId);
        try {
            Files.createDirectories(runDir.resolve("tasks"));
            Path latest = runs.resolve("latest");
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, Path.of(containerId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ResourceBag resources = executor != null ? ResourceBag.of(executor.getResourcesList()) : ResourceBag.empty();
        allocated = allocated.plus(resources);
        return new ExecutorRun(containerId, runDir, resources, new HashSet<>());
    }

    /** A task's process ended: its resources, and its executor's once the executor has no task left, are free. */
    private synchronized void ended(TaskRunner r) {
        String taskId = r.taskId();
        allocated = allocated.minus(ResourceBag.of(r.task().getResourcesList()));
        executors.entrySet().removeIf(e -> {
            if (e.getValue().liveTasks().remove(taskId) && e.getValue().liveTasks().isEmpty()) {
                allocated = allocated.minus(e.getValue().resources());
                return true;
            }
            return false;
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
