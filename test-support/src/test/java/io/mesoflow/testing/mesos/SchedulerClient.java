package io.mesoflow.testing.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A tiny v1 scheduler for tests: one SUBSCRIBE stream read in the background, calls POSTed with its stream id. */
final class SchedulerClient implements AutoCloseable {
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile String streamId;
    private volatile String frameworkId;
    private volatile boolean autoAck = true;
    private volatile InputStream body;

    SchedulerClient(String masterUrl) {
        this.url = masterUrl + "/api/v1/scheduler";
    }

    static Protos.FrameworkInfo.Builder framework(String role, boolean gpus) {
        Protos.FrameworkInfo.Builder info = Protos.FrameworkInfo.newBuilder().setName("test").setUser("root")
                .addRoles(role).setFailoverTimeout(3600)
                .addCapabilities(cap(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE))
                .addCapabilities(cap(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
        if (gpus) {
            info.addCapabilities(cap(Protos.FrameworkInfo.Capability.Type.GPU_RESOURCES));
        }
        return info;
    }

    /** Subscribes (again, as the same framework once it has an id); returns once SUBSCRIBED arrived. */
    SchedulerClient subscribe(Protos.FrameworkInfo.Builder info, String... suppressedRoles) throws Exception {
        if (frameworkId != null) {
            info.setId(Protos.FrameworkID.newBuilder().setValue(frameworkId));
        }
        closeStream();
        int before = count(e -> e.getType() == Event.Type.SUBSCRIBED);
        Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(info).addAllSuppressedRoles(List.of(suppressedRoles))).build();
        HttpResponse<InputStream> r = http.send(request(call, null), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("SUBSCRIBE answered " + r.statusCode());
        }
        streamId = r.headers().firstValue("Mesos-Stream-Id").orElseThrow();
        body = r.body();
        InputStream in = body;
        Thread reader = new Thread(() -> read(in), "test-scheduler");
        reader.setDaemon(true);
        reader.start();
        await(e -> e.getType() == Event.Type.SUBSCRIBED && count(x -> x.getType() == Event.Type.SUBSCRIBED) > before,
                Duration.ofSeconds(5));
        frameworkId = events.stream().filter(e -> e.getType() == Event.Type.SUBSCRIBED).reduce((a, b) -> b)
                .orElseThrow().getSubscribed().getFrameworkId().getValue();
        return this;
    }

    String frameworkId() {
        return frameworkId;
    }

    void autoAck(boolean on) {
        autoAck = on;
    }

    /** POSTs a call (with the stream id, and this framework's id unless the call names one); the HTTP status. */
    int post(Call.Builder call) throws Exception {
        if (!call.hasFrameworkId() && frameworkId != null) {
            call.setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId));
        }
        return http.send(request(call.build(), streamId), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    void acknowledge(Protos.TaskStatus s) throws Exception {
        post(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(s.getAgentId()).setTaskId(s.getTaskId()).setUuid(s.getUuid())));
    }

    /** The first event received (ever) that matches, waiting for it up to {@code timeout}. */
    Event await(Predicate<Event> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<Event> e = events.stream().filter(match).findFirst();
            if (e.isPresent()) {
                return e.get();
            }
            sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching event within " + timeout + "; got " + events.stream()
                .map(SchedulerClient::describe).toList());
    }

    /** The first status update of the task in {@code state}. */
    Protos.TaskStatus awaitStatus(String taskId, Protos.TaskState state, Duration timeout) {
        return await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue()
                .equals(taskId) && e.getUpdate().getStatus().getState() == state, timeout).getUpdate().getStatus();
    }

    /** The next offer from the agent received after {@code after} events. */
    Protos.Offer awaitOffer(String agentId, int after, Duration timeout) {
        return await(e -> events.indexOf(e) >= after && e.getType() == Event.Type.OFFERS && e.getOffers().getOffersList()
                .stream().anyMatch(o -> o.getAgentId().getValue().equals(agentId)), timeout).getOffers().getOffersList()
                .stream().filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow();
    }

    List<Event> events() {
        return events;
    }

    int count(Predicate<Event> match) {
        return (int) events.stream().filter(match).count();
    }

    List<Protos.TaskStatus> statuses(String taskId) {
        return events.stream().filter(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId))
                .map(e -> e.getUpdate().getStatus()).toList();
    }

    private void read(InputStream in) {
        try {
            for (Optional<byte[]> r = RecordIo.read(in); r.isPresent(); r = RecordIo.read(in)) {
                Event e = Event.parseFrom(r.get());
                events.add(e);
                Protos.TaskStatus s = e.getUpdate().getStatus();
                if (autoAck && e.getType() == Event.Type.UPDATE && s.hasUuid() && !s.getUuid().isEmpty()) {
                    acknowledge(s);
                }
            }
        } catch (Exception e) {
            // stream closed
        }
    }

    private HttpRequest request(Call call, String stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
        if (stream != null) {
            b.header("Mesos-Stream-Id", stream);
        }
        return b.build();
    }

    static String describe(Event e) {
        return switch (e.getType()) {
            case UPDATE -> "UPDATE " + e.getUpdate().getStatus().getTaskId().getValue() + " "
                    + e.getUpdate().getStatus().getState() + " " + e.getUpdate().getStatus().getMessage();
            case OFFERS -> "OFFERS " + e.getOffers().getOffersList().stream().map(o -> o.getAgentId().getValue()).toList();
            default -> e.getType().name();
        };
    }

    private void closeStream() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }

    private static Protos.FrameworkInfo.Capability cap(Protos.FrameworkInfo.Capability.Type t) {
        return Protos.FrameworkInfo.Capability.newBuilder().setType(t).build();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closeStream();
    }
}
