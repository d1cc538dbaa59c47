package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** What becomes of an ACCEPT's tasks after its answer: a timed-out ACCEPT may have been taken, so it is reconciled. */
class MesosLaunchOutcomeTest {
    @Test
    void anAnsweredAcceptIsTaken() {
        assertThat(MesosLaunches.outcome(null)).isEqualTo(MesosLaunches.Outcome.TAKEN);
    }

    @Test
    void aRefusedOrUnsentAcceptsTasksAreLost() {
        assertThat(MesosLaunches.outcome(new IOException("the master refused ACCEPT: HTTP 400")))
                .isEqualTo(MesosLaunches.Outcome.LOST);
        assertThat(MesosLaunches.outcome(new ConnectException("refused"))).isEqualTo(MesosLaunches.Outcome.LOST);
        assertThat(MesosLaunches.outcome(new IllegalStateException("bug"))).isEqualTo(MesosLaunches.Outcome.LOST);
    }

    @Test
    void anAcceptUnansweredInTimeIsReconciledNotReportedLost() {
        assertThat(MesosLaunches.outcome(new CallWindow.TimedOut("no answer within PT15S")))
                .isEqualTo(MesosLaunches.Outcome.RECONCILE);
        assertThat(MesosLaunches.outcome(new HttpTimeoutException("request timed out"))) // the HTTP client's own
                .isEqualTo(MesosLaunches.Outcome.RECONCILE);
    }
}
