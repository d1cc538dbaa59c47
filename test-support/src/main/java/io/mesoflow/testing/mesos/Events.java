package io.mesoflow.testing.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** Builders of the scheduler events a master sends, and the tasks an operation launches. Pure. */
final class Events {
    private Events() {
    }

    static Event.Builder update(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(status));
    }

    static Event.Builder failure(String agentId) {
        return Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId)));
    }

    static List<Protos.TaskInfo> tasksOf(Protos.Offer.Operation op) {
        return switch (op.getType()) {
            case LAUNCH_GROUP -> op.getLaunchGroup().getTaskGroup().getTasksList();
            case LAUNCH -> op.getLaunch().getTaskInfosList();
            default -> List.of();
        };
    }
}
