package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mesoflow.testing.mesos.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A master that takes calls and never answers some of them (a hung connection): the calls after them
 * still go out. In-process HTTP server, no Kafka or database.
 */
@Timeout(30)
class HungMasterCallsTest {
    static final Duration TIMEOUT = Duration.ofMillis(500);

    final List<Call.Type> received = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile Call.Type hangOn = Call.Type.ACKNOWLEDGE;
    HttpServer master;
    SchedulerConnection connection;

    /** Subscribes to a master that answers every call but those of type {@link #hangOn}, which it never answers. */
    void start(Duration timeout) throws Exception {
        master = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        master.setExecutor(Executors.newCachedThreadPool());
        master.createContext("/api/v1/scheduler", this::handle);
        master.start();
        connection = new SchedulerConnection(new SchedulerConnection.Settings(
                URI.create("http://127.0.0.1:" + master.getAddress().getPort()), Optional.empty(), 5,
                Duration.ofMillis(100), Duration.ofSeconds(1), 1, timeout, 1, 1), new SchedulerConnection.Listener() {
                    @Override
                    public Call subscribeCall() {
                        return Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
                    }

                    @Override
                    public void onEvent(Event event) {
                    }
                });
        connection.start();
        for (int i = 0; i < 500 && !connection.subscribed(); i++) {
            Thread.sleep(10);
        }
        assertThat(connection.subscribed()).isTrue();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
        received.add(call.getType());
        if (call.getType() == Call.Type.SUBSCRIBE) {
            exchange.getResponseHeaders().add("Mesos-Stream-Id", "stream-1");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(RecordIo.frame(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(
                    Event.Subscribed.newBuilder().setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                            .setHeartbeatIntervalSeconds(15)).build().toByteArray()));
            out.flush();
            awaitRelease(); // the event stream stays open
        } else if (call.getType() == hangOn) {
            awaitRelease(); // taken, never answered
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Call call(Call.Type type) {
        return Call.newBuilder().setType(type).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (connection != null) {
            connection.close();
        }
        if (master != null) {
            master.stop(0);
        }
    }

    @Test
    void aCallTheMasterNeverAnswersFailsAfterTheTimeoutAndTheNextCallGoesOut() throws Exception {
        hangOn = Call.Type.ACCEPT;
        start(TIMEOUT);

        long started = System.nanoTime();
        assertThatThrownBy(() -> connection.send(call(Call.Type.ACCEPT))).isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

        connection.send(call(Call.Type.KILL)); // the one slot of the window is free again
        assertThat(received).containsSubsequence(Call.Type.ACCEPT, Call.Type.KILL);
    }

    @Test
    void hungAcknowledgementsDelayNoLaunchAndOnesBeyondTheQueueAreDropped() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        start(timeout);

        for (int i = 0; i < 3; i++) { // one in flight (hung), one waiting, one dropped
            connection.sendAcknowledgement(call(Call.Type.ACKNOWLEDGE));
        }
        awaitAcknowledgements(1);
        connection.send(call(Call.Type.ACCEPT)); // answered at once: it does not wait behind them

        assertThat(received).contains(Call.Type.ACCEPT);
        assertThat(acknowledgements()).isEqualTo(1); // the hung one is still in flight, the second waits
        awaitAcknowledgements(2); // the hung one timed out: the waiting one went out
        Thread.sleep(timeout.toMillis() + 1000); // the second times out too; the third was never queued
        assertThat(acknowledgements()).isEqualTo(2);
    }

    private long acknowledgements() {
        return received.stream().filter(t -> t == Call.Type.ACKNOWLEDGE).count();
    }

    private void awaitAcknowledgements(int n) throws InterruptedException {
        for (int i = 0; i < 1000 && acknowledgements() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(acknowledgements()).isEqualTo(n);
    }
}
