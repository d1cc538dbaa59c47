package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeartbeatWatchTest {
    static final Duration BOUND = Duration.ofSeconds(75); // 5 missed heartbeats of 15 s

    @ParameterizedTest(name = "{3}")
    @CsvSource({
            "10,  false, false, heard from the master lately: alive",
            "76,  false, true,  silent past the bound while reading: dead, resubscribe",
            "76,  true,  false, silent only because the reader is busy with a run of events: not dead",
            "300, true,  false, however long the run takes: the link is not what is slow",
    })
    void silenceMeansADeadLinkOnlyWhileTheReaderIsReading(long silentSeconds, boolean handling, boolean dead,
                                                          String why) {
        assertThat(SchedulerConnection.linkDead(Duration.ofSeconds(silentSeconds), handling, BOUND)).as(why)
                .isEqualTo(dead);
    }
}
