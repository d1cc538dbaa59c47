package io.mesoflow.testing.mesos;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A master (heartbeat 1 s, offers every 100 ms) with agents added by the test, and a subscribed test scheduler. */
abstract class ClusterFixture {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path work;
    MesosMasterSimulator master;
    SchedulerClient scheduler;

    @BeforeEach
    void startMaster() throws Exception {
        master = new MesosMasterSimulator(1).allocationInterval(Duration.ofMillis(100));
        scheduler = new SchedulerClient(master.url());
    }

    @AfterEach
    void stopMaster() {
        scheduler.close();
        master.close();
    }

    SimulatedAgent agent(int n) throws Exception {
        return master.addAgent(AgentSpec.of("a" + n, "127.0.0." + (n + 1), work));
    }

    SchedulerClient subscribe() throws Exception {
        return scheduler.subscribe(SchedulerClient.framework(Launches.ROLE, true));
    }

    /** Offers made from now on, none from {@code agentId} during {@code ms}. */
    void expectNoOfferFrom(String agentId, long ms) {
        int mark = scheduler.events().size();
        SchedulerClient.sleep(ms);
        org.assertj.core.api.Assertions.assertThat(scheduler.events().subList(mark, scheduler.events().size()))
                .filteredOn(e -> e.getType() == Event.Type.OFFERS)
                .noneMatch(e -> e.getOffers().getOffersList().stream().anyMatch(o -> o.getAgentId().getValue()
                        .equals(agentId)));
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> read(SimulatedAgent agent, String path, long offset) throws Exception {
        return get(agent.url() + "/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + "&offset=" + offset);
    }
}
