package io.mesoflow.testing.mesos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A Mesos 1.11 master for tests, over the v1 scheduler API ({@code POST /api/v1/scheduler} and
 * {@code /master/api/v1/scheduler}, protobuf calls). Two ways to use it, mixable:
 * <ul>
 * <li>scripted: the test plays the agents ({@link #offer}, {@link #update}, {@link #rescind},
 *     {@link #agentFailure}, errors, a silent or dropped stream, a redirect);</li>
 * <li>cluster: {@link #addAgent} adds {@link SimulatedAgent}s whose free resources are offered
 *     every {@code allocationInterval} and which run accepted tasks as local processes.</li>
 * </ul>
 * Guarantees (each from a real master, see BUILD-NOTES): SUBSCRIBE answers 200 with a RecordIO
 * stream, a new {@code Mesos-Stream-Id}, SUBSCRIBED and heartbeats; other calls need that stream
 * id (400 otherwise) and the subscribed framework's id (400 "Framework cannot be found"), and
 * answer 202 (UPDATE_FRAMEWORK 200); only the newest subscription delivers events. ACCEPTs are
 * judged by {@link AcceptValidator}, offers filtered and suppressed by {@link OfferBook}, and
 * RECONCILE answered by {@link Reconciler}. Every call received is kept for the test to expect.
 * A call's work is queued, then the call answered: the master's one thread carries calls out in
 * that order ({@link CallQueue}), so no answer waits for the master's books.
 */
public final class MesosMasterSimulator implements AutoCloseable {
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<SimulatedAgent> added = new CopyOnWriteArrayList<>();
    private final String frameworkIdForNew = "fw-" + UUID.randomUUID();
    private final EventStream stream;
    private final MasterState state;
    private final CallQueue queue = new CallQueue();
    private final Settings settings = new Settings();
    private final Thread allocator;
    private final Map<String, Integer> killsToDrop = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String redirectLocation;
    private volatile String requiredAuthorization;
    private volatile boolean closed;

    /** A master on a free port of 127.0.0.1. */
    public MesosMasterSimulator(double heartbeatSeconds) throws IOException {
        this(heartbeatSeconds, 0);
    }

    /** A master on {@code 127.0.0.1:port} (0: a free port). */
    public MesosMasterSimulator(double heartbeatSeconds, int port) throws IOException {
        stream = new EventStream(heartbeatSeconds);
        state = new MasterState(stream);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mesos-sim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/scheduler", this::handle);
        server.createContext("/master/api/v1/scheduler", this::handle);
        server.start();
        allocator = new Thread(this::allocateForever, "mesos-sim-allocator");
        allocator.setDaemon(true);
        allocator.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answer every call with a 307 to the other master, as a non-leading master does. */
    public void redirectTo(MesosMasterSimulator leader) {
        redirectLocation = "//127.0.0.1:" + leader.server.getAddress().getPort() + "/master/api/v1/scheduler";
    }

    /** Require HTTP basic authentication of every call, as a master with {@code --authenticate_frameworks}. */
    public void requireBasicAuth(String principal, String secret) {
        requiredAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** Send an ERROR event; a real master then ends the stream. */
    public void error(String message) {
        stream.send(Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage(message)).build());
    }

    /** Answer every valid launch on a scripted agent with TASK_RUNNING (with a uuid), as agents that start at once. */
    public void autoRun(boolean on) {
        state.autoRun(on);
    }

    public String frameworkId() {
        return state.frameworkId();
    }

    /** The roles whose offers are suppressed now. */
    public Set<String> suppressedRoles() {
        return state.suppressedRoles();
    }

    /** Timings shared with the agents (read-only view); set them with the setters below. */
    public Settings settings() {
        return settings;
    }

    public MesosMasterSimulator allocationInterval(Duration d) {
        settings.allocationInterval = d;
        return this;
    }

    public MesosMasterSimulator killGracePeriod(Duration d) {
        settings.killGracePeriod = d;
        return this;
    }

    /**
     * The next {@code count} KILL calls of the task are answered 202 and then lost, as a real master may
     * lose one (it delivers a kill at most once: a failover, or the message to the agent dropped).
     */
    public MesosMasterSimulator dropKills(String taskId, int count) {
        killsToDrop.put(taskId, count);
        return this;
    }

    public MesosMasterSimulator ackRetry(Duration d) {
        settings.ackRetry = d;
        return this;
    }

    /** A simulated agent: its free resources are offered from the next allocation cycle on. */
    public SimulatedAgent addAgent(AgentSpec spec) throws IOException {
        SimulatedAgent agent = new SimulatedAgent(spec, state, settings);
        added.add(agent);
        state.addAgent(agent);
        return agent;
    }

    /** The agents still registered (a failed agent is gone). */
    public List<SimulatedAgent> agents() {
        return state.agents();
    }

    public void offer(Protos.Offer... offers) {
        state.scriptedOffer(offers);
    }

    public void update(Protos.TaskStatus status) {
        state.scriptedUpdate(status);
    }

    public void rescind(String offerId) {
        state.rescind(offerId);
    }

    /** A simulated agent fails ({@link SimulatedAgent#fail}); for a scripted one, its offers are rescinded and FAILURE sent. */
    public void agentFailure(String agentId) {
        state.agent(agentId).ifPresentOrElse(SimulatedAgent::fail, () -> state.scriptedAgentFailure(agentId));
    }

    /** Stop sending heartbeats (the stream stays open): the scheduler must notice and resubscribe. */
    public void silence(boolean on) {
        stream.silence(on);
    }

    /** Close the current event stream, as a master that failed over does. */
    public void dropConnection() {
        stream.dropConnection();
    }

    /** The first call of {@code type} received that matches. */
    public Call awaitCall(Call.Type type, Predicate<Call> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Optional<Call> found = calls.stream().filter(c -> c.getType() == type && match.test(c)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            sleep(50);
        }
        throw new AssertionError("no " + type + " call within " + timeout + "; got " + calls.stream()
                .map(Call::getType).toList());
    }

    public Call last(Call.Type type) {
        return calls(type).get(calls(type).size() - 1);
    }

    public long count(Call.Type type, Predicate<Call> match) {
        return calls(type).stream().filter(match).count();
    }

    /** Every call of {@code type} received so far, oldest first. */
    public List<Call> calls(Call.Type type) {
        return calls.stream().filter(c -> c.getType() == type).toList();
    }

    /** How many status updates the master and its agents sent that match (resends count again). */
    public long updatesSent(Predicate<Protos.TaskStatus> match) {
        return stream.updates().stream().filter(match).count();
    }

    public static Protos.TaskStatus status(String taskId, String agentId, Protos.TaskState state, boolean withUuid) {
        return Statuses.scripted(taskId, agentId, state, withUuid);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (redirectLocation != null) {
                exchange.getResponseHeaders().set("Location", redirectLocation);
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"mesos\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Call call;
            try {
                call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                reject(exchange, "Failed to parse body into Call protobuf: " + e.getMessage());
                return;
            }
            if (call.getType() == Call.Type.SUBSCRIBE) {
                String id = queue.call(() -> state.subscribe(call.getSubscribe(), frameworkIdForNew));
                calls.add(call);
                stream.serve(exchange, id, Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                        .setSubscribed(Event.Subscribed.newBuilder()
                                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(state.frameworkId()))
                                .setHeartbeatIntervalSeconds(stream.heartbeatSeconds())).build());
                return;
            }
            if (!stream.accepts(exchange.getRequestHeaders().getFirst("Mesos-Stream-Id"))) {
                reject(exchange, "The stream ID is missing or incorrect");
                return;
            }
            if (call.hasFrameworkId() && !call.getFrameworkId().getValue().equals(state.frameworkId())) {
                reject(exchange, "Framework cannot be found");
                return;
            }
            calls.add(call);
            queue.submit(call.getType().name(), () -> dispatch(call)); // queued before answered: answered first, carried out first
            exchange.sendResponseHeaders(call.getType() == Call.Type.UPDATE_FRAMEWORK ? 200 : 202, -1);
        }
    }

    private void dispatch(Call call) {
        switch (call.getType()) {
            case ACCEPT -> state.accept(call.getAccept());
            case DECLINE -> state.decline(call.getDecline());
            case REVIVE -> state.revive(call.getRevive().getRolesList());
            case SUPPRESS -> state.suppress(call.getSuppress().getRolesList());
            case KILL -> {
                if (!losesKillOf(call.getKill().getTaskId().getValue())) {
                    state.kill(call.getKill());
                }
            }
            case ACKNOWLEDGE -> state.acknowledge(call.getAcknowledge());
            case RECONCILE -> state.reconcile(call.getReconcile());
            default -> { } // recorded only (TEARDOWN, MESSAGE, REQUEST, SHUTDOWN, ...)
        }
    }

    /** Whether this KILL of the task is one to lose ({@link #dropKills}); counts it. */
    private boolean losesKillOf(String taskId) {
        boolean[] lost = {false};
        killsToDrop.computeIfPresent(taskId, (t, n) -> {
            lost[0] = true;
            return n > 1 ? n - 1 : null;
        });
        return lost[0];
    }

    private static void reject(HttpExchange exchange, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, body.length);
        exchange.getResponseBody().write(body);
    }

    private void allocateForever() {
        while (!closed) {
            sleep(settings.allocationInterval.toMillis());
            if (!closed) {
                state.allocate();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the master and every agent it added: their processes are killed and their servers stopped. */
    @Override
    public void close() {
        closed = true;
        queue.close();
        stream.close();
        new ArrayList<>(added).forEach(SimulatedAgent::close);
        server.stop(0);
    }
}
