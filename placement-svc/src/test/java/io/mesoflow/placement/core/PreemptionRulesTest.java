package io.mesoflow.placement.core;

import static io.mesoflow.placement.core.PreemptionFixtures.NOW;
import static io.mesoflow.placement.core.PreemptionFixtures.running;
import static io.mesoflow.placement.core.PreemptionFixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.PreemptionScope;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which running jobs a waiting job of team ml, priority 5, may preempt. */
class PreemptionRulesTest {
    static final Duration MIN_RUN = Duration.ofMinutes(10);
    static final QueuedJob WAITING = waiting("w", "ml", 5, 1);

    static Stream<Arguments> table() {
        return Stream.of(
                // scope, belowPriority, candidate, preemptedBy, expected: null = eligible
                Arguments.of(PreemptionScope.NEVER, 0, running("low", "ml", 1, 60, null, "g1"), Set.of(),
                        "the preemption policy is never"),
                Arguments.of(PreemptionScope.WITHIN_TEAM, 0, running("low", "ml", 1, 60, null, "g1"), Set.of(), null),
                Arguments.of(PreemptionScope.WITHIN_TEAM, 0, running("same", "ml", 5, 60, null, "g1"), Set.of(),
                        "its priority 5 is not below 5"),
                Arguments.of(PreemptionScope.WITHIN_TEAM, 0, running("high", "ml", 9, 60, null, "g1"), Set.of(),
                        "its priority 9 is not below 5"),
                Arguments.of(PreemptionScope.WITHIN_TEAM, 0, running("other", "cv", 1, 60, null, "g1"), Set.of(),
                        "it is team cv's and the policy is within-team"),
                Arguments.of(PreemptionScope.ACROSS_TEAMS, 3, running("other", "cv", 1, 60, null, "g1"), Set.of(),
                        null),
                Arguments.of(PreemptionScope.ACROSS_TEAMS, 3, running("other", "cv", 3, 60, null, "g1"), Set.of(),
                        "another team's job preempted only below priority 3"),
                Arguments.of(PreemptionScope.ACROSS_TEAMS, 0, running("own", "ml", 3, 60, null, "g1"), Set.of(),
                        null),
                Arguments.of(PreemptionScope.WITHIN_TEAM, 0, running("young", "ml", 1, 9, null, "g1"), Set.of(),
                        "it ran 540 s, less than the minimum run time of 600 s"),
                Arguments.of(PreemptionScope.WITHIN_TEAM, 0, running("young", "ml", 1, 10, null, "g1"), Set.of(),
                        null),
                Arguments.of(PreemptionScope.WITHIN_TEAM, 0, running("back", "ml", 1, 60, null, "g1"), Set.of("back"),
                        "it preempted job w before"));
    }

    @ParameterizedTest(name = "{0} below {1}: {2} -> {4}")
    @MethodSource("table")
    void eachRuleDecidesWhetherACandidateMayBePreempted(PreemptionScope scope, int below, RunningGang candidate,
                                                         Set<String> preemptedBy, String expected) {
        PreemptionPolicy policy = new PreemptionPolicy(scope, below, MIN_RUN);

        assertThat(PreemptionRules.why(WAITING, policy, candidate, preemptedBy, NOW)).isEqualTo(expected);
        assertThat(PreemptionRules.eligible(WAITING, policy, List.of(candidate), preemptedBy, NOW))
                .hasSize(expected == null ? 1 : 0);
    }

    @Test
    void aTeamsOwnPolicyOverridesTheClustersAndMissingSettingsFallBackToIt() {
        TeamQuota own = new TeamQuota("ml", null, null, null, null, 168, null, null, PreemptionScope.ACROSS_TEAMS, 7);
        TeamQuota none = new TeamQuota("ml", null, null, null, null, 168);

        assertThat(PreemptionPolicy.of(own, PreemptionScope.NEVER, 0, MIN_RUN))
                .isEqualTo(new PreemptionPolicy(PreemptionScope.ACROSS_TEAMS, 7, MIN_RUN));
        assertThat(PreemptionPolicy.of(none, PreemptionScope.WITHIN_TEAM, 2, MIN_RUN))
                .isEqualTo(new PreemptionPolicy(PreemptionScope.WITHIN_TEAM, 2, MIN_RUN));
        assertThat(PreemptionPolicy.of(null, null, 0, MIN_RUN).allowsAny()).isFalse();
    }
}
