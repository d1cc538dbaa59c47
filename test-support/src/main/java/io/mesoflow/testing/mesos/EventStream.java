package io.mesoflow.testing.mesos;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
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
 * and then every interval; after an ERROR the stream ends (why: a real master closes it).
 */
final class EventStream {
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
        Event event = null;
        try {
            write(out, subscribed);
            write(out, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
            long nextHeartbeat = System.nanoTime() + (long) (heartbeatSeconds * 1e9);
            while (!drop && myStream.equals(streamId)) {
                event = outbox.poll(50, TimeUnit.MILLISECONDS);
                if (event != null && (drop || !myStream.equals(streamId))) {
                    outbox.offerFirst(event); // a newer subscription delivers it
                    break;
                }
                if (event != null) {
                    write(out, event);
                    if (event.getType() == Event.Type.ERROR) {
                        break;
                    }
                    event = null;
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
            if (event != null && event.getType() != Event.Type.ERROR) {
                outbox.offerFirst(event); // not delivered: the scheduler closed the stream
            }
        } finally {
            synchronized (this) {
                if (myStream.equals(streamId)) {
                    streamId = null;
                }
            }
        }
    }

    void close() {
        drop = true;
    }

    private static void write(OutputStream out, Event event) throws IOException {
        out.write(RecordIo.frame(event.toByteArray()));
        out.flush();
    }
}
