package io.mesoflow.launcher.mesos;

import io.mesoflow.events.SecretRef;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import java.time.Instant;
import org.apache.mesos.v1.Protos;

/**
 * A Mesos status update as MesoFlow reports it, with every fact the local backend gives too: the
 * agent, its hostname and the task's ports and resources (from the placement the launcher
 * launched), the sandbox path the agent serves through {@code /files/read}, and the agent's own
 * HTTP endpoint (from its offers), and whether its port accepts connections ({@link MesosReadiness}).
 * Pure: no I/O.
 */
public final class MesosTaskFacts {
    private MesosTaskFacts() {
    }

    /**
     * The sandbox of a task run by its own DEFAULT executor, as the agent's files API names it
     * ({@code runs/latest} is the executor's newest container).
     */
    public static String sandbox(String frameworkId, String taskId) {
        return "/frameworks/" + frameworkId + "/executors/" + MesosCalls.executorId(taskId) + "/runs/latest/tasks/"
                + taskId;
    }

    /** The agent's HTTP endpoint from an offer's {@code url} (hostname, else IP), or null when the offer has none. */
    public static String agentUrl(Protos.Offer offer) {
        if (!offer.hasUrl() || !offer.getUrl().hasAddress()) {
            return null;
        }
        Protos.Address address = offer.getUrl().getAddress();
        String host = address.hasHostname() && !address.getHostname().isEmpty() ? address.getHostname() : address.getIp();
        String scheme = offer.getUrl().hasScheme() ? offer.getUrl().getScheme() : "http";
        return host == null || host.isEmpty() ? null : scheme + "://" + host + ":" + address.getPort();
    }

    /**
     * The event for one update of a task MesoFlow launched.
     *
     * @param placement where the launcher launched it (null when it has no record of it)
     * @param agentUrl  the agent's endpoint, null when no offer of the agent said it
     */
    public static TaskStatusChanged toEvent(Protos.TaskStatus status, String frameworkId, TaskPlacement placement,
                                            String knownAgentId, String agentUrl) {
        String taskId = status.getTaskId().getValue();
        MesosTaskIds ids = MesosTaskIds.parse(taskId);
        StatusMapping.Mapped mapped = StatusMapping.map(status);
        String message = mapped.message();
        if (mapped.exitCode() != null && mapped.exitCode() == MesosCalls.MISSING_SECRET_VOLUME_EXIT
                && placement != null && placement.launch().secrets().stream().map(SecretRef::file)
                .anyMatch(f -> f != null)) {
            message = "a file secret is missing in the sandbox: the agent runs without the volume/secret isolator "
                    + "(add it to the agent's --isolation, see docs/mesos.md)";
        }
        if (message == null && MesosReadiness.isHealthUpdate(status) && status.hasHealthy()) {
            message = MesosReadiness.healthMessage(status, placement);
        }
        String agent = status.hasAgentId() ? status.getAgentId().getValue() : knownAgentId;
        Instant at = status.hasTimestamp() ? Instant.ofEpochMilli((long) (status.getTimestamp() * 1000)) : Instant.now();
        TaskStatusChanged event = TaskStatusChanged.of(ids.jobId(), ids.taskName(), ids.attempt(), taskId,
                mapped.state()).withReason(mapped.reason(), message).withExitCode(mapped.exitCode())
                .withReady(MesosReadiness.ready(status, placement));
        return onAgent(event, agent, placement)
                .withSandbox(frameworkId == null ? null : sandbox(frameworkId, taskId), agentUrl).at(at);
    }

    /** A task on an agent the master removed: LOST, so monitor relaunches it. */
    public static TaskStatusChanged agentLost(String taskId, String agentId, TaskPlacement placement) {
        MesosTaskIds ids = MesosTaskIds.parse(taskId);
        return onAgent(TaskStatusChanged.of(ids.jobId(), ids.taskName(), ids.attempt(), taskId, TaskState.LOST)
                .withReason("REASON_AGENT_REMOVED", "agent " + agentId + " was lost"), agentId, placement);
    }

    /** On the agent Mesos names, with the hostname, ports and resources of the placement (none when unknown). */
    private static TaskStatusChanged onAgent(TaskStatusChanged event, String agentId, TaskPlacement placement) {
        return placement == null ? event.onAgent(agentId, null, null)
                : event.placedAs(placement).onAgent(agentId, placement.hostname(), placement.ports());
    }
}
