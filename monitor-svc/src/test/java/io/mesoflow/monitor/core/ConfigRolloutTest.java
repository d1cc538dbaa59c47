package io.mesoflow.monitor.core;

import static io.mesoflow.monitor.core.JobSupervisorTest.RESTARTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRolloutTest {

    static JobSpec spec(int workers, Map<String, Object> workerContext, Map<String, Object> jobContext, double psCpus) {
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        roles.put("chief", new RoleSpec(1, 1, 256, 0, 0, null, null, null));
        roles.put("ps", new RoleSpec(1, psCpus, 256, 0, 0, null, null, null));
        roles.put("worker", new RoleSpec(workers, 1, 256, 0, 0, workerContext, null, null));
        return new JobSpec("j", "t", 0, "file:///a", "a", jobContext, "/o", roles, null, null, null, null, 6, null, false);
    }

    static JobRecord running(JobSpec spec) {
        Map<String, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t.toString(),
                new TaskRecord(t.toString(), 0, "job." + t + ".0", TaskState.RUNNING, "agent-1", null)));
        return new JobRecord("job", 1, spec, JobState.RUNNING, 0, tasks);
    }

    static List<String> relaunched(Outcome outcome) {
        return outcome.actions().stream().filter(a -> a instanceof Action.Relaunch)
                .map(a -> ((Action.Relaunch) a).task().taskName()).toList();
    }

    @Test
    void aWorkerOnlyContextChangeRedeploysOnlyTheWorkers() {
        JobRecord job = running(spec(2, Map.of(), Map.of("lr", 0.1), 1));

        Outcome outcome = ConfigRollout.plan(job, 2, spec(2, Map.of("dropout", 0.5), Map.of("lr", 0.1), 1));

        assertThat(relaunched(outcome)).containsExactly("worker-0", "worker-1");
        assertThat(outcome.job().tasks().get("ps-0").attempt()).isZero();
        assertThat(outcome.job().tasks().get("chief-0").attempt()).isZero();
        assertThat(outcome.job().tasks().get("worker-0").attempt()).isEqualTo(1);
        assertThat(outcome.job().revision()).isEqualTo(2);
    }

    @Test
    void aJobContextChangeRedeploysRoleByRoleWorkersFirstAndTheChiefLast() {
        JobRecord job = running(spec(1, Map.of(), Map.of("lr", 0.1), 1));

        Outcome first = ConfigRollout.plan(job, 2, spec(1, Map.of(), Map.of("lr", 0.2), 1));
        assertThat(relaunched(first)).containsExactly("worker-0");
        assertThat(first.job().tasks().get("ps-0").redeploy()).isTrue();

        Outcome second = JobSupervisor.onTaskStatus(first.job(), running("worker-0", 1), RESTARTS);
        assertThat(relaunched(second)).containsExactly("ps-0");

        Outcome third = JobSupervisor.onTaskStatus(second.job(), running("ps-0", 1), RESTARTS);
        assertThat(relaunched(third)).containsExactly("chief-0");

        Outcome done = JobSupervisor.onTaskStatus(third.job(), running("chief-0", 1), RESTARTS);
        assertThat(relaunched(done)).isEmpty();
        assertThat(done.job().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aResourceChangeRedeploysThatRoleOnly() {
        JobRecord job = running(spec(2, Map.of(), Map.of(), 1));

        Outcome outcome = ConfigRollout.plan(job, 2, spec(2, Map.of(), Map.of(), 2));

        assertThat(relaunched(outcome)).containsExactly("ps-0");
    }

    @Test
    void scalingWorkersUpPlacesTheNewWorkerFirstThenRedeploysTheClusterWhoseTfConfigChanged() {
        JobRecord job = running(spec(3, Map.of(), Map.of(), 1));

        Outcome outcome = ConfigRollout.plan(job, 2, spec(4, Map.of(), Map.of(), 1));

        assertThat(relaunched(outcome)).containsExactly("worker-3");
        assertThat(outcome.job().tasks().values()).filteredOn(TaskRecord::redeploy).extracting(TaskRecord::taskName)
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-0", "worker-1", "worker-2");
        Outcome next = JobSupervisor.onTaskStatus(outcome.job(), running("worker-3", 0), RESTARTS);
        assertThat(relaunched(next)).containsExactly("worker-0", "worker-1", "worker-2");
    }

    @Test
    void scalingWorkersDownKillsTheRemovedWorker() {
        JobRecord job = running(spec(3, Map.of(), Map.of(), 1));

        Outcome outcome = ConfigRollout.plan(job, 2, spec(2, Map.of(), Map.of(), 1));

        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().taskName()).contains("worker-2");
        assertThat(outcome.job().tasks()).doesNotContainKey("worker-2");
    }

    @Test
    void anOldOrRepeatedRevisionChangesNothing() {
        JobRecord job = running(spec(2, Map.of(), Map.of(), 1));

        assertThat(ConfigRollout.plan(job, 1, spec(3, Map.of(), Map.of(), 1)).actions()).isEmpty();
    }

    static TaskStatusChanged running(String task, int attempt) {
        return new TaskStatusChanged("job", task, attempt, "job." + task + "." + attempt, TaskState.RUNNING, null, null,
                null, "agent-1", "h", List.of(), null, null, Instant.EPOCH);
    }

    @Test
    void aTaskThatCameBackElsewhereMakesTheRestOfItsClusterRedeployWithTheNewTfConfig() {
        JobSpec spec = spec(2, Map.of(), Map.of(), 1);
        Map<String, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t.toString(), new TaskRecord(t.toString(), 0, "job." + t + ".0",
                TaskState.RUNNING, "agent-1", null, false, "h1:" + (31000 + tasks.size()))));
        tasks.put("worker-1", tasks.get("worker-1").nextAttempt(1, "job.worker-1.1", false));
        JobRecord job = new JobRecord("job", 1, spec, JobState.RESTARTING, 1, tasks);
        TaskStatusChanged elsewhere = new TaskStatusChanged("job", "worker-1", 1, "job.worker-1.1", TaskState.STAGING,
                null, null, null, "agent-2", "h2", List.of(32000), null, null, Instant.EPOCH);

        Outcome staging = JobSupervisor.onTaskStatus(job, elsewhere, RESTARTS);

        assertThat(staging.job().tasks().values()).filteredOn(TaskRecord::redeploy).extracting(TaskRecord::taskName)
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-0");
        assertThat(staging.actions()).anySatisfy(a -> assertThat(a).isEqualTo(new Action.ChangeJobState(
                JobState.RESTARTING, "worker-1 moved from h1:31003 to h2:32000: the cluster membership changed; "
                        + "redeploying chief-0, ps-0, worker-0 with the new TF_CONFIG")));
        Outcome running = JobSupervisor.onTaskStatus(staging.job(), new TaskStatusChanged("job", "worker-1", 1,
                "job.worker-1.1", TaskState.RUNNING, null, null, null, "agent-2", "h2", List.of(32000), null, null,
                Instant.EPOCH), RESTARTS);
        assertThat(relaunched(running)).containsExactly("worker-0");
    }

    @Test
    void aTaskBackAtItsOldAddressChangesNoOtherTask() {
        JobSpec spec = spec(2, Map.of(), Map.of(), 1);
        Map<String, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t.toString(), new TaskRecord(t.toString(), 0, "job." + t + ".0",
                TaskState.RUNNING, "agent-1", null, false, "h1:1")));
        JobRecord job = new JobRecord("job", 1, spec, JobState.RUNNING, 0, tasks);

        Outcome outcome = JobSupervisor.onTaskStatus(job, new TaskStatusChanged("job", "worker-1", 0, "job.worker-1.0",
                TaskState.FINISHED, null, null, 0, "agent-1", "h1", List.of(1), null, null, Instant.EPOCH), RESTARTS);

        assertThat(outcome.job().tasks().values()).noneMatch(TaskRecord::redeploy);
    }
}
