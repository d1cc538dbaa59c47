package io.mesoflow.monitor.core;

import static io.mesoflow.monitor.core.JobSupervisorTest.GRACE;
import static io.mesoflow.monitor.core.JobSupervisorTest.RESTARTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.testing.JobSpecs;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRolloutTest {

    static JobSpec spec(int workers, Map<String, Object> workerContext, Map<String, Object> jobContext, double psCpus) {
        return JobSpecs.builder().context(jobContext).role(Role.CHIEF, 1).role(Role.PS, JobSpecs.role(1).cpus(psCpus))
                .role(Role.WORKER, JobSpecs.role(workers).context(workerContext)).build();
    }

    static JobRecord running(JobSpec spec) {
        Map<TaskName, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t,
                new TaskRecord(t, 0, "job." + t + ".0", TaskState.RUNNING, "agent-1", null)));
        return new JobRecord("job", 1, spec, JobState.RUNNING, 0, tasks);
    }

    static List<String> relaunched(Outcome outcome) {
        return outcome.actions().stream().filter(a -> a instanceof Action.Relaunch)
                .map(a -> ((Action.Relaunch) a).task().name().toString()).toList();
    }

    @Test
    void aWorkerOnlyContextChangeRedeploysOnlyTheWorkers() {
        JobRecord job = running(spec(2, Map.of(), Map.of("lr", 0.1), 1));

        Outcome outcome = ConfigRollout.plan(job, 2, spec(2, Map.of("dropout", 0.5), Map.of("lr", 0.1), 1));

        assertThat(relaunched(outcome)).containsExactly("worker-0", "worker-1");
        assertThat(outcome.job().tasks().get(name("ps-0")).attempt()).isZero();
        assertThat(outcome.job().tasks().get(name("chief-0")).attempt()).isZero();
        assertThat(outcome.job().tasks().get(name("worker-0")).attempt()).isEqualTo(1);
        assertThat(outcome.job().revision()).isEqualTo(2);
    }

    @Test
    void aJobContextChangeRedeploysRoleByRoleWorkersFirstAndTheChiefLast() {
        JobRecord job = running(spec(1, Map.of(), Map.of("lr", 0.1), 1));

        Outcome first = ConfigRollout.plan(job, 2, spec(1, Map.of(), Map.of("lr", 0.2), 1));
        assertThat(relaunched(first)).containsExactly("worker-0");
        assertThat(first.job().tasks().get(name("ps-0")).redeploy()).isTrue();

        Outcome second = JobSupervisor.onTaskStatus(first.job(), running("worker-0", 1), RESTARTS, GRACE);
        assertThat(relaunched(second)).containsExactly("ps-0");

        Outcome third = JobSupervisor.onTaskStatus(second.job(), running("ps-0", 1), RESTARTS, GRACE);
        assertThat(relaunched(third)).containsExactly("chief-0");

        Outcome done = JobSupervisor.onTaskStatus(third.job(), running("chief-0", 1), RESTARTS, GRACE);
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
        assertThat(outcome.job().tasks().values()).filteredOn(TaskRecord::redeploy).extracting(t -> t.name().toString())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-0", "worker-1", "worker-2");
        Outcome next = JobSupervisor.onTaskStatus(outcome.job(), running("worker-3", 0), RESTARTS, GRACE);
        assertThat(relaunched(next)).containsExactly("worker-0", "worker-1", "worker-2");
    }

    @Test
    void scalingWorkersDownKillsTheRemovedWorker() {
        JobRecord job = running(spec(3, Map.of(), Map.of(), 1));

        Outcome outcome = ConfigRollout.plan(job, 2, spec(2, Map.of(), Map.of(), 1));

        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().name().toString()).contains("worker-2");
        assertThat(outcome.job().tasks()).doesNotContainKey(name("worker-2"));
    }

    @Test
    void anOldOrRepeatedRevisionChangesNothing() {
        JobRecord job = running(spec(2, Map.of(), Map.of(), 1));

        assertThat(ConfigRollout.plan(job, 1, spec(3, Map.of(), Map.of(), 1)).actions()).isEmpty();
    }

    static TaskStatusChanged running(String task, int attempt) {
        return TaskStatusChanged.of("job", name(task), attempt, TaskState.RUNNING).onAgent("agent-1", "h", List.of())
                .at(Instant.EPOCH);
    }

    static TaskName name(String task) {
        return TaskName.parse(task);
    }

    @Test
    void aTaskThatCameBackElsewhereMakesTheRestOfItsClusterRedeployWithTheNewTfConfig() {
        JobSpec spec = spec(2, Map.of(), Map.of(), 1);
        Map<TaskName, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t, new TaskRecord(t, 0, "job." + t + ".0",
                TaskState.RUNNING, "agent-1", null, false, "h1:" + (31000 + tasks.size()))));
        tasks.put(name("worker-1"), tasks.get(name("worker-1")).nextAttempt(1, "job.worker-1.1", false));
        JobRecord job = new JobRecord("job", 1, spec, JobState.RESTARTING, 1, tasks);
        TaskStatusChanged elsewhere = TaskStatusChanged.of("job", name("worker-1"), 1, TaskState.STAGING)
                .onAgent("agent-2", "h2", List.of(32000)).at(Instant.EPOCH);

        Outcome staging = JobSupervisor.onTaskStatus(job, elsewhere, RESTARTS, GRACE);

        assertThat(staging.job().tasks().values()).filteredOn(TaskRecord::redeploy).extracting(t -> t.name().toString())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-0");
        assertThat(staging.actions()).anySatisfy(a -> assertThat(a).isEqualTo(new Action.ChangeJobState(
                JobState.RESTARTING, "worker-1 moved from h1:31003 to h2:32000: the cluster membership changed; "
                        + "redeploying chief-0, ps-0, worker-0 with the new TF_CONFIG")));
        Outcome running = JobSupervisor.onTaskStatus(staging.job(), TaskStatusChanged.of("job", name("worker-1"), 1,
                TaskState.RUNNING).onAgent("agent-2", "h2", List.of(32000)).at(Instant.EPOCH),
                RESTARTS, GRACE);
        assertThat(relaunched(running)).containsExactly("worker-0");
    }

    @Test
    void aTaskBackAtItsOldAddressChangesNoOtherTask() {
        JobSpec spec = spec(2, Map.of(), Map.of(), 1);
        Map<TaskName, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t, new TaskRecord(t, 0, "job." + t + ".0",
                TaskState.RUNNING, "agent-1", null, false, "h1:1")));
        JobRecord job = new JobRecord("job", 1, spec, JobState.RUNNING, 0, tasks);

        Outcome outcome = JobSupervisor.onTaskStatus(job, TaskStatusChanged.of("job", name("worker-1"), 0,
                TaskState.FINISHED).withExitCode(0).onAgent("agent-1", "h1", List.of(1)).at(Instant.EPOCH),
                RESTARTS, GRACE);

        assertThat(outcome.job().tasks().values()).noneMatch(TaskRecord::redeploy);
    }
}
