package io.mesoflow.launcher.mesos;

import io.mesoflow.service.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.jboss.logging.Logger;

/**
 * One framework's connection to the Mesos master over the v1 scheduler HTTP API: SUBSCRIBE opens
 * a RecordIO-framed event stream whose {@code Mesos-Stream-Id} every other call carries; a
 * {@code 307} from a non-leading master is followed (its location is protocol-relative); missed
 * heartbeats, an {@code ERROR} event or a closed stream lead to a new SUBSCRIBE (with the
 * framework id, so it is the same framework) after a capped back-off. Calls and events are
 * protobuf ({@code application/x-protobuf}). Events are handed over in order, the ones already
 * received together as one run ({@link Listener#onEvents}).
 */
public final class SchedulerConnection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SchedulerConnection.class);
    private static final String PROTOBUF = "application/x-protobuf";
    static final int MAX_RUN = 256; // the most events handed to the listener as one run

    static {
        // the mesos 1.11.0 jar's v1 classes predate protobuf 22 and warn once per type when parsed
        // (the master is the only source of what they parse); the documented switch, see docs/mesos.md
        if (System.getProperty("com.google.protobuf.use_unsafe_pre22_gencode") == null) {
            System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
        }
    }

    /** What the connection reports; called on its reader thread, one event at a time. */
    public interface Listener {
        /** The SUBSCRIBE call to send (it carries the framework id once one is known). */
        Call subscribeCall();

        void onEvent(Event event);

        /**
         * The events the stream had ready together, in order (a master sending many updates at once
         * sends them as one run); at most one ERROR, last.
         */
        default void onEvents(List<Event> events) {
            events.forEach(this::onEvent);
        }

        /** The stream ended (error, missed heartbeats, master gone); a resubscription follows. */
        default void onDisconnected(String why) {
        }
    }

    /**
     * {@code missedHeartbeats}: intervals without any event that mean a dead link; {@code callsInFlight}: the
     * {@link CallWindow} of every call but acknowledgements, which have one of their own
     * ({@code acknowledgementsInFlight}, at most {@code acknowledgementsWaiting} waiting); {@code callTimeout}:
     * how long a call sent may go unanswered before it fails and frees its slot.
     */
    public record Settings(URI master, Optional<String> basicAuth, int missedHeartbeats, Duration backoffInitial,
                           Duration backoffMax, int callsInFlight, Duration callTimeout, int acknowledgementsInFlight,
                           int acknowledgementsWaiting) {
    }

    private final Settings settings;
    private final Listener listener;
    // HTTP/1.1, as a master speaks it (no h2c upgrade offered on every new connection)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "mesos-heartbeat-watchdog"));
    private final Thread reader;
    private final Backoff backoff;
    /** Ends calls the master leaves unanswered ({@link CallWindow}); a cancelled deadline is dropped at once. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> daemon(r,
            "mesos-call-deadlines"));
    private final CallWindow calls;
    /** Acknowledgements in a window of their own, so a launch or a kill never waits behind them. */
    private final CallWindow acknowledgements;
    private volatile URI leader;
    private volatile String streamId;
    private volatile InputStream stream;
    private volatile Instant lastEvent = Instant.now();
    /** The reader is in the listener with a run of events (the link is not what is slow). */
    private volatile boolean handling;
    private volatile Duration heartbeatInterval = Duration.ofSeconds(15);
    private volatile boolean closed;

    public SchedulerConnection(Settings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        deadlines.setRemoveOnCancelPolicy(true);
        this.calls = new CallWindow(settings.callsInFlight(), settings.callTimeout(), deadlines);
        this.acknowledgements = new CallWindow(settings.acknowledgementsInFlight(), settings.acknowledgementsWaiting(),
                settings.callTimeout(), deadlines);
        this.leader = settings.master().resolve("/api/v1/scheduler");
        this.reader = daemon(this::run, "mesos-scheduler-stream");
    }

    public void start() {
        reader.start();
        watchdog.scheduleWithFixedDelay(this::checkHeartbeats, 1, 1, TimeUnit.SECONDS);
    }

    public boolean subscribed() {
        return streamId != null;
    }

    /** How long since the master last sent anything (since start while it never has). */
    public Duration silence() {
        return Duration.between(lastEvent, Instant.now());
    }

    /** Silence longer than this means the link is dead: {@code missedHeartbeats} heartbeat intervals. */
    public Duration heartbeatBound() {
        return heartbeatInterval.multipliedBy(settings.missedHeartbeats());
    }

    /** Sends a call on the current subscription; throws when there is none or the master refuses it. */
    public void send(Call call) throws IOException {
        try {
            sendChecked(call).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * {@link #send} without blocking (up to {@code callsInFlight} on their way at once); fails with an
     * {@link IOException}, a {@link java.net.http.HttpTimeoutException} when unanswered within {@code callTimeout}
     * (the master may then have taken the call or not).
     */
    public CompletableFuture<Void> sendChecked(Call call) {
        String id = streamId;
        if (id == null) {
            return CompletableFuture.failedFuture(new IOException("not subscribed to a Mesos master"));
        }
        HttpRequest request = onStream(call, id);
        return calls.submit(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).thenApply(answer -> {
            if (answer.statusCode() / 100 != 2) {
                throw new CompletionException(new IOException("the master refused " + call.getType() + ": HTTP "
                        + answer.statusCode() + " " + answer.body().strip()));
            }
            return null;
        });
    }

    /**
     * Sends an acknowledgement without waiting for the answer, in the acknowledgements' own window: the
     * update is already published, and an acknowledgement lost with a failed or timed-out request, or
     * dropped because {@code acknowledgementsWaiting} wait already, makes the agent resend the update
     * (it is then acknowledged again, never reported twice: {@link StatusUpdates}).
     */
    public void sendAcknowledgement(Call call) {
        String id = streamId;
        if (id == null) {
            return;
        }
        acknowledgements.submit(() -> http.sendAsync(onStream(call, id), HttpResponse.BodyHandlers.discarding()))
                .whenComplete((response, error) -> {
                    if (error instanceof CallWindow.Full) {
                        LOG.debugf("%s dropped (the agent resends its update): %s", call.getType(), error.getMessage());
                    } else if (error != null || response.statusCode() / 100 != 2) {
                        LOG.debugf("%s not taken: %s", call.getType(), error != null ? error.getMessage()
                                : "HTTP " + response.statusCode());
                    }
                });
    }

    /** A call on the subscription {@code streamId}, to the leading master. */
    private HttpRequest onStream(Call call, String streamId) {
        return base(leader).header("Mesos-Stream-Id", streamId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build();
    }

    private void run() {
        while (!closed) {
            try {
                subscribeAndRead();
                backoff.reset();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warnf("Mesos subscription to %s ended: %s", leader, MesosHttp.describe(e));
            } finally {
                streamId = null;
            }
            if (closed) {
                return;
            }
            listener.onDisconnected("stream ended");
            backoff.pause();
        }
    }

    private void subscribeAndRead() throws IOException {
        URI target = leader;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = post(target, listener.subscribeCall());
            if (response.statusCode() == 307 && redirects < 5) {
                response.body().close();
                target = MesosHttp.redirectTarget(target, response.headers().firstValue("Location").orElseThrow(() ->
                        new IOException("a 307 without Location")));
                LOG.infof("following the leading Mesos master to %s", target);
                continue;
            }
            if (response.statusCode() != 200) {
                String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                response.body().close();
                throw new IOException("SUBSCRIBE answered HTTP " + response.statusCode() + " " + body.strip());
            }
            leader = target;
            lastEvent = Instant.now(); // before the stream id, so the watchdog never judges the new stream by the old one
            streamId = response.headers().firstValue("Mesos-Stream-Id").orElseThrow(() ->
                    new IOException("SUBSCRIBE answered without a Mesos-Stream-Id"));
            stream = response.body();
            break;
        }
        lastEvent = Instant.now();
        try (InputStream in = stream) {
            for (List<byte[]> ready = RecordIo.readReady(in, MAX_RUN); !ready.isEmpty();
                 ready = RecordIo.readReady(in, MAX_RUN)) {
                List<Event> run = new ArrayList<>();
                Event event = null;
                for (int i = 0; i < ready.size() && (event == null || event.getType() != Event.Type.ERROR); i++) {
                    event = received(ready.get(i));
                    run.add(event);
                }
                handling = true;
                try {
                    listener.onEvents(run);
                } finally {
                    handling = false;
                    lastEvent = Instant.now(); // what arrived meanwhile waits in the stream, unread
                }
                if (event.getType() == Event.Type.ERROR) {
                    throw new IOException("the master sent ERROR: " + event.getError().getMessage());
                }
            }
        }
    }

    private Event received(byte[] record) throws IOException {
        lastEvent = Instant.now();
        Event event = MesosHttp.event(record);
        if (event.getType() == Event.Type.SUBSCRIBED && event.getSubscribed().hasHeartbeatIntervalSeconds()) {
            heartbeatInterval = Duration.ofMillis((long) (event.getSubscribed().getHeartbeatIntervalSeconds() * 1000));
        }
        return event;
    }

    private HttpResponse<InputStream> post(URI target, Call call) throws IOException {
        try {
            return http.send(base(target).POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest.Builder base(URI target) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .header("Content-Type", PROTOBUF).header("Accept", PROTOBUF);
        settings.basicAuth().ifPresent(credentials -> builder.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
        return builder;
    }

    private void checkHeartbeats() {
        Duration silent = Duration.between(lastEvent, Instant.now());
        if (streamId != null && linkDead(silent, handling, heartbeatBound())) {
            LOG.warnf("no event from the Mesos master for %d s: reconnecting", silent.toSeconds());
            abortStream();
        }
    }

    /**
     * Whether silence means a dead link. Not while the reader is handling a run of events (a busy
     * host, a slow database): the master's heartbeats then wait unread in the stream, and
     * resubscribing would void every offer for nothing.
     */
    static boolean linkDead(Duration silent, boolean handling, Duration bound) {
        return !handling && silent.compareTo(bound) > 0;
    }

    private void abortStream() {
        InputStream current = stream;
        streamId = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the reader sees the stream end either way
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        deadlines.shutdownNow();
        abortStream();
        reader.interrupt();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
