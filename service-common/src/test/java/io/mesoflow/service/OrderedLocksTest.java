package io.mesoflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedLocksTest {
    static MesoflowEvent job(String jobId, JobState state) {
        return new JobStatusChanged(jobId, state, null, null, Instant.EPOCH);
    }

    static MesoflowEvent task(String jobId, TaskState state) {
        return TaskStatusChanged.of(jobId, "worker-0", 0, jobId + ".worker-0.0", state);
    }

    @Test
    void everyJobOnceInOneOrderWhateverTheBatchsOrder() {
        List<MesoflowEvent> batch = List.of(job("b-2", JobState.RUNNING), task("a-1", TaskState.RUNNING),
                job("b-2", JobState.SUCCEEDED), task("c-3", TaskState.STAGING), task("a-1", TaskState.FINISHED));

        assertThat(OrderedLocks.keysInOrder(batch)).containsExactly("a-1", "b-2", "c-3");
        List<MesoflowEvent> reversed = new java.util.ArrayList<>(batch);
        java.util.Collections.reverse(reversed);
        assertThat(OrderedLocks.keysInOrder(reversed)).containsExactly("a-1", "b-2", "c-3");
    }

    @Test
    void anEmptyBatchLocksNothing() {
        assertThat(OrderedLocks.keysInOrder(List.of())).isEmpty();
    }
}
