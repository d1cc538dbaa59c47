package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.events.KillTaskRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KillRetriesTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final Function<Collection<String>, Set<String>> ALL_LIVE = Set::copyOf;

    static KillTaskRequested kill(String taskId, Long graceSeconds) {
        return new KillTaskRequested("job", "worker-0", 0, taskId, "agent-a", "test", graceSeconds, null);
    }

    static List<String> ids(List<KillTaskRequested> kills) {
        return kills.stream().map(KillTaskRequested::taskId).toList();
    }

    @Test
    void aKillIsSentAgainAfterTheInitialWaitThenAfterTwiceTheLastWaitUpToTheMax() {
        KillRetries retries = new KillRetries(Duration.ofSeconds(15), Duration.ofSeconds(50));
        retries.asked(kill("t1", null), T0);

        // seconds after the kill was asked -> whether it is sent again then
        Object[][] table = {{14, false}, {15, true}, {44, false}, {45, true}, {94, false}, {95, true}, {144, false},
            {145, true}};
        for (Object[] row : table) {
            assertThat(ids(retries.due(T0.plusSeconds((int) row[0]), ALL_LIVE))).as("at +%s s", row[0])
                    .isEqualTo((boolean) row[1] ? List.of("t1") : List.of());
        }
    }

    @Test
    void theFirstRetryWaitsForTheKillsGracePeriodToo() {
        KillRetries retries = new KillRetries(Duration.ofSeconds(15), Duration.ofMinutes(5));
        retries.asked(kill("t1", 30L), T0);

        assertThat(retries.due(T0.plusSeconds(44), ALL_LIVE)).isEmpty();
        assertThat(ids(retries.due(T0.plusSeconds(45), ALL_LIVE))).containsExactly("t1");
    }

    @Test
    void aKillWhoseTaskEndedIsForgottenAndTheStoreIsAskedOnlyForDueKills() {
        KillRetries retries = new KillRetries(Duration.ofSeconds(15), Duration.ofMinutes(5));
        retries.asked(kill("ended", null), T0);
        retries.asked(kill("lives", null), T0);
        retries.asked(kill("later", null), T0.plusSeconds(10));
        List<Collection<String>> asked = new ArrayList<>();

        List<KillTaskRequested> again = retries.due(T0.plusSeconds(15), ids -> {
            asked.add(List.copyOf(ids));
            return Set.of("lives", "later");
        });

        assertThat(ids(again)).containsExactly("lives");
        assertThat(asked).containsExactly(List.of("ended", "lives"));
        assertThat(retries.size()).isEqualTo(2);
        assertThat(retries.due(T0.plusSeconds(16), ids -> {
            throw new AssertionError("nothing is due: the store is not asked");
        })).isEmpty();
    }

    @Test
    void aNewSubscriptionSendsEveryKillWhoseTaskLivesAtOnce() {
        KillRetries retries = new KillRetries(Duration.ofSeconds(15), Duration.ofMinutes(5));
        retries.asked(kill("t1", null), T0);
        retries.asked(kill("t2", 60L), T0);
        retries.asked(kill("gone", null), T0);

        assertThat(ids(retries.all(T0.plusSeconds(1), ids -> Set.of("t1", "t2")))).containsExactly("t1", "t2");
        assertThat(retries.size()).isEqualTo(2);
        assertThat(retries.due(T0.plusSeconds(30), ALL_LIVE)).as("rescheduled by the resend").isEmpty();
    }

    @Test
    void aSecondKillOfTheSameTaskReplacesTheFirst() {
        KillRetries retries = new KillRetries(Duration.ofSeconds(15), Duration.ofMinutes(5));
        retries.asked(kill("t1", null), T0);
        retries.asked(kill("t1", 20L), T0.plusSeconds(5));

        assertThat(retries.size()).isEqualTo(1);
        assertThat(retries.due(T0.plusSeconds(39), ALL_LIVE)).isEmpty();
        assertThat(retries.due(T0.plusSeconds(40), ALL_LIVE)).singleElement()
                .satisfies(k -> assertThat(k.gracePeriodSeconds()).isEqualTo(20L));
    }

    @Test
    void aKillAskedAgainWhileTheStoreIsAskedKeepsItsOwnSchedule() {
        KillRetries retries = new KillRetries(Duration.ofSeconds(15), Duration.ofMinutes(5));
        retries.asked(kill("t1", null), T0);

        List<KillTaskRequested> again = retries.due(T0.plusSeconds(15), ids -> {
            retries.asked(kill("t1", 10L), T0.plusSeconds(15)); // the consumer's thread, meanwhile
            return Set.of();
        });

        assertThat(again).as("the store's answer is about the kill picked, not the new one").isEmpty();
        assertThat(retries.size()).isEqualTo(1);
        assertThat(retries.due(T0.plusSeconds(39), ALL_LIVE)).isEmpty();
        assertThat(ids(retries.due(T0.plusSeconds(40), ALL_LIVE))).containsExactly("t1");
    }

    @Test
    void aZeroInitialWaitOrAMaxBelowItIsRefused() {
        assertThatThrownBy(() -> new KillRetries(Duration.ZERO, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KillRetries(Duration.ofSeconds(15), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
