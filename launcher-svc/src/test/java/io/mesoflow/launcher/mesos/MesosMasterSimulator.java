package io.mesoflow.launcher.mesos;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A Mesos master for tests, following the v1 scheduler API documents (and BUILD-NOTES on how a
 * 1.11 master behaves): {@code POST /api/v1/scheduler} (and {@code /master/api/v1/scheduler})
 * with protobuf calls; SUBSCRIBE answers 200 with a RecordIO stream of events, a new
 * {@code Mesos-Stream-Id}, SUBSCRIBED and heartbeats; every other call needs that stream id (400
 * without it) and answers 202. The test drives it: offers, updates, rescinds, agent failures,
 * errors, a silent or dropped stream, a redirect to another master. Calls received are kept for
 * the test to expect.
 */
public final class MesosMasterSimulator implements AutoCloseable {
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.BlockingDeque<Event> outbox = new java.util.concurrent.LinkedBlockingDeque<>();
    private final String frameworkIdForNew = "fw-" + UUID.randomUUID();
    private volatile String streamId;
    private volatile String frameworkId;
    private volatile boolean silent;
    private volatile boolean drop;
    private volatile String redirectLocation;
    private volatile boolean autoRun;
    private volatile String requiredAuthorization;
    private final double heartbeatSeconds;

    public MesosMasterSimulator(double heartbeatSeconds) throws IOException {
        this.heartbeatSeconds = heartbeatSeconds;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mesos-sim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/scheduler", this::handle);
        server.createContext("/master/api/v1/scheduler", this::handle);
        server.start();
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
        requiredAuthorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** Send an ERROR event; a real master then ends the stream. */
    public void error(String message) {
        outbox.add(Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage(message)).build());
    }

    /** Answer every valid ACCEPT with TASK_RUNNING (with a uuid) for each task, as agents that start at once. */
    public void autoRun(boolean on) {
        autoRun = on;
    }

    public String frameworkId() {
        return frameworkId;
    }

    // ------------------------------------------------------------------ the test's script

    public void offer(Protos.Offer... offers) {
        Event.Offers.Builder b = Event.Offers.newBuilder();
        for (Protos.Offer o : offers) {
            outstanding.add(o.getId().getValue());
            b.addOffers(o.toBuilder().setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId)));
        }
        outbox.add(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(b).build());
    }

    public void update(Protos.TaskStatus status) {
        outbox.add(Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
    }

    public void rescind(String offerId) {
        outstanding.remove(offerId);
        outbox.add(Event.newBuilder().setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(Protos.OfferID.newBuilder().setValue(offerId))).build());
    }

    public void agentFailure(String agentId) {
        outbox.add(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))).build());
    }

    /** Stop sending heartbeats (the stream stays open): the scheduler must notice and resubscribe. */
    public void silence(boolean on) {
        silent = on;
    }

    /** Close the current event stream, as a master that failed over does. */
    public void dropConnection() {
        drop = true;
    }

    /** The first call of {@code type} received after {@code from} calls that matches. */
    public Call awaitCall(Call.Type type, Predicate<Call> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Call c : calls) {
                if (c.getType() == type && match.test(c)) {
                    return c;
                }
            }
            sleep(50);
        }
        throw new AssertionError("no " + type + " call within " + timeout + "; got " + calls.stream()
                .map(Call::getType).toList());
    }

    public Call last(Call.Type type) {
        List<Call> all = calls.stream().filter(c -> c.getType() == type).toList();
        return all.get(all.size() - 1);
    }

    public long count(Call.Type type, Predicate<Call> match) {
        return calls.stream().filter(c -> c.getType() == type && match.test(c)).count();
    }

    public static Protos.TaskStatus status(String taskId, String agentId, Protos.TaskState state, boolean withUuid) {
        Protos.TaskStatus.Builder s = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .setState(state).setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        if (withUuid) {
            s.setUuid(ByteString.copyFromUtf8(UUID.randomUUID().toString()));
        }
        return s.build();
    }

    // ------------------------------------------------------------------ HTTP

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
            Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
            if (call.getType() == Call.Type.SUBSCRIBE) {
                calls.add(call);
                subscribe(exchange, call);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("Mesos-Stream-Id");
            if (id == null || !id.equals(streamId)) {
                byte[] body = "The stream ID is missing or incorrect".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            calls.add(call);
            exchange.sendResponseHeaders(202, -1);
            if (call.getType() == Call.Type.ACCEPT) {
                accepted(call.getAccept());
            } else if (call.getType() == Call.Type.DECLINE) {
                call.getDecline().getOfferIdsList().forEach(o -> outstanding.remove(o.getValue()));
            }
        }
    }

    /**
     * As a master does: an ACCEPT naming an offer that is no longer outstanding (used, declined,
     * rescinded) makes every task of it TASK_LOST with REASON_INVALID_OFFERS, from the master, no uuid.
     */
    private void accepted(Call.Accept accept) {
        boolean valid = accept.getOfferIdsList().stream().allMatch(o -> outstanding.remove(o.getValue()));
        if (valid) {
            if (autoRun) {
                for (Protos.Offer.Operation op : accept.getOperationsList()) {
                    for (Protos.TaskInfo task : op.getLaunchGroup().getTaskGroup().getTasksList()) {
                        update(status(task.getTaskId().getValue(), task.getAgentId().getValue(),
                                Protos.TaskState.TASK_RUNNING, true));
                    }
                }
            }
            return;
        }
        for (Protos.Offer.Operation op : accept.getOperationsList()) {
            for (Protos.TaskInfo task : op.getLaunchGroup().getTaskGroup().getTasksList()) {
                update(Protos.TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
                        .setState(Protos.TaskState.TASK_LOST).setReason(Protos.TaskStatus.Reason.REASON_INVALID_OFFERS)
                        .setSource(Protos.TaskStatus.Source.SOURCE_MASTER).setMessage("Task launched with invalid offers")
                        .build());
            }
        }
    }

    private void subscribe(HttpExchange exchange, Call call) throws IOException {
        frameworkId = call.getSubscribe().getFrameworkInfo().hasId()
                ? call.getSubscribe().getFrameworkInfo().getId().getValue() : frameworkIdForNew;
        String myStream = UUID.randomUUID().toString();
        streamId = myStream;
        drop = false;
        exchange.getResponseHeaders().set("Mesos-Stream-Id", myStream);
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        write(out, Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setHeartbeatIntervalSeconds(heartbeatSeconds)).build());
        write(out, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
        long nextHeartbeat = System.nanoTime() + (long) (heartbeatSeconds * 1e9);
        try {
            while (!drop && myStream.equals(streamId)) {
                Event event = outbox.poll(50, TimeUnit.MILLISECONDS);
                if (event != null && (drop || !myStream.equals(streamId))) {
                    outbox.offerFirst(event); // a newer subscription delivers it
                    break;
                }
                if (event != null) {
                    write(out, event);
                    if (event.getType() == Event.Type.ERROR) {
                        break;
                    }
                }
                if (System.nanoTime() >= nextHeartbeat) {
                    nextHeartbeat = System.nanoTime() + (long) (heartbeatSeconds * 1e9);
                    if (!silent) {
                        write(out, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the scheduler closed the stream
        }
        if (myStream.equals(streamId)) {
            streamId = null;
        }
    }

    private static void write(OutputStream out, Event event) throws IOException {
        out.write(RecordIo.frame(event.toByteArray()));
        out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        drop = true;
        server.stop(0);
    }
}
