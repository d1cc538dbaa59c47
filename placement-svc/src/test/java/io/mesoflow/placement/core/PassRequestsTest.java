package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PassRequestsTest {
    @Test
    void requestsMadeBeforeAPassStartsShareIt() {
        PassRequests requests = new PassRequests();
        requests.request();
        requests.request();
        requests.request();

        assertThat(requests.tryTake()).isTrue();
        assertThat(requests.tryTake()).isFalse();
    }

    @Test
    void aRequestMadeWhileAPassRunsGetsAnotherPass() {
        PassRequests requests = new PassRequests();
        requests.request();
        assertThat(requests.tryTake()).isTrue(); // the pass starts
        requests.request(); // an event committed after the pass read the state

        assertThat(requests.tryTake()).isTrue();
    }

    @Test
    void nothingAskedNothingRuns() {
        assertThat(new PassRequests().tryTake()).isFalse();
    }

    @Test
    void takeWaitsForARequestAndStopsWhenClosed() throws InterruptedException {
        PassRequests requests = new PassRequests();
        requests.request();
        assertThat(requests.take()).isTrue();

        requests.request();
        requests.close();
        assertThat(requests.take()).isFalse();
    }
}
