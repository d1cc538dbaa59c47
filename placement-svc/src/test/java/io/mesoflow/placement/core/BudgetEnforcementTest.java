package io.mesoflow.placement.core;

import static io.mesoflow.placement.core.PreemptionFixtures.running;
import static io.mesoflow.placement.core.PreemptionFixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.BudgetPolicy;
import io.mesoflow.events.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Budgets that act: who is suspended when a budget is spent, and when a budget-suspended job may resume. */
class BudgetEnforcementTest {
    static TeamQuota budget(String team, double hours, BudgetPolicy policy) {
        return new TeamQuota(team, null, null, null, hours, 168, Duration.ofSeconds(60), policy, null, null);
    }

    static final RunningGang CPU_JOB = new RunningGang("cpu", "ml", 1, PreemptionFixtures.NOW.minusSeconds(600),
            null, null, List.of(new RunningGang.Held("c1", "c1", Map.of(), new Resources(2, 512, 0, 0), List.of(1))));

    static Stream<Arguments> suspends() {
        List<RunningGang> ml = List.of(running("ml-a", "ml", 1, 60, null, "g1"), running("ml-b", "ml", 9, 60, 5, "g2"),
                CPU_JOB, running("cv-a", "cv", 1, 60, null, "g3"));
        return Stream.of(
                Arguments.of("suspend policy, budget reached: every GPU job of the team, whatever its priority",
                        budget("ml", 1, BudgetPolicy.SUSPEND), 1.0, ml, List.of("ml-a", "ml-b")),
                Arguments.of("suspend policy, over budget", budget("ml", 1, BudgetPolicy.SUSPEND), 1.5, ml,
                        List.of("ml-a", "ml-b")),
                Arguments.of("suspend policy, under budget", budget("ml", 1, BudgetPolicy.SUSPEND), 0.99, ml, List.of()),
                Arguments.of("finish-running: nothing is suspended", budget("ml", 1, BudgetPolicy.FINISH_RUNNING), 5.0,
                        ml, List.of()),
                Arguments.of("no budget: nothing is suspended", new TeamQuota("ml", null, null, 4, null, 168, null,
                        BudgetPolicy.SUSPEND, null, null), 5.0, ml, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suspends")
    void aSpentBudgetSuspendsTheTeamsRunningGpuJobsUnderTheSuspendPolicy(String name, TeamQuota quota, double used,
                                                                          List<RunningGang> running, List<String> expected) {
        List<BudgetEnforcement.Suspend> decided = BudgetEnforcement.decide(Map.of(quota.team(), quota),
                Map.of(quota.team(), new TeamUsage(0, 0, 0, used)), running);

        assertThat(decided).extracting(s -> s.job().jobId()).isEqualTo(expected);
        assertThat(decided).allSatisfy(s -> {
            assertThat(s.requestedBy()).isEqualTo("budget:ml");
            assertThat(s.reason()).startsWith("team ml spent its GPU-hour budget: ");
        });
    }

    static Stream<Arguments> resumes() {
        return Stream.of(
                Arguments.of(1.0, true, "team ml over GPU-hour budget: 1 of 1 h used in the last 60 s"),
                Arguments.of(0.95, true, "team ml GPU-hour budget: suspended by the budget, resumes when the window "
                        + "frees budget: 0.95 of 1 h used in the last 60 s, resumes at 0.9 h"),
                Arguments.of(0.9, true, null),
                Arguments.of(0.95, false, null));
    }

    @ParameterizedTest(name = "{0} h used, budget-suspended {1}")
    @MethodSource("resumes")
    void aBudgetSuspendedJobResumesOnlyOnceTheWindowFreedTheHeadroom(double used, boolean budgetSuspended,
                                                                    String expected) {
        QueuedJob job = waiting("j", "ml", 1, 1);
        job = new QueuedJob(job.jobId(), job.team(), job.priority(), job.submittedAt(), job.demands(), budgetSuspended);

        assertThat(QuotaGate.check(job, budget("ml", 1, BudgetPolicy.SUSPEND), new TeamUsage(0, 0, 0, used), 0.1))
                .isEqualTo(expected);
    }

}
