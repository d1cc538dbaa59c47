package io.mesoflow.testing.mesos;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The framework's event stream: an outbox of events and the subscription that delivers them.
 * Guarantees: only the newest subscription delivers (why: a second SUBSCRIBE fails the first
 * over); an event taken by a stream that was superseded meanwhile goes back to the front; events
 * queued while no stream is open wait for the next one; a new subscription drops queued OFFERS
 * (why: a master voids a framework's offers when it fails over); HEARTBEAT right after SUBSCRIBED
 * and then every interval; after an ERROR the stream ends (why: a real master closes it). The
 * events queued together are written with one flush, in order.
 */
final class EventStream {
    /** The most events written with one flush. */
    static final int MAX_BATCH = 256;
    private final BlockingDeque<Event> outbox = new LinkedBlockingDeque<>();
    private final java.util.Queue<org.apache.mesos.v1.Protos.TaskStatus> updates =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final double heartbeatSeconds;
    private volatile String streamId;
    private volatile boolean silent;
    private volatile boolean drop;

    EventStream(double heartbeatSeconds) {
        this.heartbeatSeconds = heartbeatSeconds;
    }

    /** Starts a new subscription (the older one, if any, ends); its stream id. */
    synchronized String open() {
        String id = UUID.randomUUID().toString();
        streamId = id;
        drop = false;
        outbox.removeIf(e -> e.getType() == Event.Type.OFFERS);
        return id;
    }

    double heartbeatSeconds() {
        return heartbeatSeconds;
    }

    boolean accepts(String id) {
        return id != null && id.equals(streamId);
    }

    /** Whether a subscription is open. */
    boolean connected() {
        return streamId != null;
    }

    void send(Event event) {
        if (event.getType() == Event.Type.UPDATE) {
            updates.add(event.getUpdate().getStatus());
        }
        outbox.add(event);
    }

    /** Every status update sent so far (resends too), for tests. */
    java.util.List<org.apache.mesos.v1.Protos.TaskStatus> updates() {
        return java.util.List.copyOf(updates);
    }

    void silence(boolean on) {
        silent = on;
    }

    void dropConnection() {
        drop = true;
    }

    /** Serves one subscription on the exchange until it is superseded, dropped, errored or closed by the peer. */
    void serve(HttpExchange exchange, String myStream, Event subscribed) throws IOException {
        exchange.getResponseHeaders().set("Mesos-Stream-Id", myStream);
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<Event> batch = new ArrayList<>();
        try {
            write(out, List.of(subscribed, Event.newBuilder().setType(Event.Type.HEARTBEAT).build()));
            long nextHeartbeat = System.nanoTime() + (long) (heartbeatSeconds * 1e9);
            while (!drop && myStream.equals(streamId)) {
                take(batch);
                if (!batch.isEmpty() && (drop || !myStream.equals(streamId))) {
                    putBack(batch); // a newer subscription delivers them
                    break;
                }
                if (!batch.isEmpty()) {
                    write(out, batch);
                    boolean error = batch.get(batch.size() - 1).getType() == Event.Type.ERROR;
                    batch.clear();
                    if (error) {
                        break;
                    }
                }
                if (System.nanoTime() >= nextHeartbeat) {
                    nextHeartbeat = System.nanoTime() + (long) (heartbeatSeconds * 1e9);
                    if (!silent) {
                        write(out, List.of(Event.newBuilder().setType(Event.Type.HEARTBEAT).build()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            batch.removeIf(ev -> ev.getType() == Event.Type.ERROR);
            putBack(batch); // not delivered: the scheduler closed the stream
        } finally {
            synchronized (this) {
                if (myStream.equals(streamId)) {
                    streamId = null;
                }
            }
        }
    }

    /**
     * The next events to write: the first waited for (at most 50 ms), then those already queued, up
     * to {@link #MAX_BATCH} and through the first ERROR. Why: a busy master writes what it has
     * together (one flush, one HTTP chunk) instead of one flush per event.
     */
    private void take(List<Event> batch) throws InterruptedException {
        Event event = outbox.poll(50, TimeUnit.MILLISECONDS);
        while (event != null) {
            batch.add(event);
            if (event.getType() == Event.Type.ERROR || batch.size() >= MAX_BATCH) {
                return;
            }
            event = outbox.poll();
        }
    }

    /** Events taken and not delivered go back to the front, in their order. */
    private void putBack(List<Event> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            outbox.offerFirst(batch.get(i));
        }
        batch.clear();
    }

    void close() {
        drop = true;
    }

    private static void write(OutputStream out, List<Event> events) throws IOException {
        for (Event event : events) {
            out.write(RecordIo.frame(event.toByteArray()));
        }
        out.flush();
    }
}
