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

    @Test
    void anIdleRunnerLetsTheEventRunItsPassAndNothingElseStartsMeanwhile() {
        PassRequests requests = new PassRequests();
        assertThat(requests.startInline()).isTrue();
        assertThat(requests.startInline()).isFalse(); // a second event while it runs asks instead
        requests.passEnded();
        assertThat(requests.startInline()).isTrue();
    }

    @Test
    void aPendingRequestOrARunningPassMeansAskingNotRunning() {
        PassRequests pending = new PassRequests();
        pending.request();
        assertThat(pending.startInline()).isFalse();

        PassRequests busy = new PassRequests();
        busy.request();
        assertThat(busy.tryTake()).isTrue();
        assertThat(busy.startInline()).isTrue(); // tryTake alone marks nothing running

        PassRequests runner = new PassRequests();
        runner.request();
        assertThat(take(runner)).isTrue(); // the pass thread's pass runs
        assertThat(runner.startInline()).isFalse();
        runner.passEnded();
        assertThat(runner.startInline()).isTrue();
    }

    @Test
    void aRequestMadeDuringAnInlinePassWaitsForItThenRuns() throws Exception {
        PassRequests requests = new PassRequests();
        assertThat(requests.startInline()).isTrue();
        requests.request();
        java.util.concurrent.CompletableFuture<Boolean> taken = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> take(requests));
        Thread.sleep(50);
        assertThat(taken).isNotDone(); // not beside the inline pass
        requests.passEnded();
        assertThat(taken.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closedRunsNothingInline() {
        PassRequests requests = new PassRequests();
        requests.close();
        assertThat(requests.startInline()).isFalse();
    }

    private static boolean take(PassRequests requests) {
        try {
            return requests.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
