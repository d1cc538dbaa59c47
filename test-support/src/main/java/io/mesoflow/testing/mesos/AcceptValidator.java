package io.mesoflow.testing.mesos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/**
 * The checks a real Mesos 1.11 master makes on an ACCEPT, as pure functions (no I/O, no state).
 * Guarantees: {@link #offersError} says why the offers of a call cannot be used, or null;
 * {@link #launches} judges each LAUNCH_GROUP (and LAUNCH task) against what the offers hold
 * minus what earlier operations of the same call took, so one bad group never fails another.
 */
public final class AcceptValidator {
    public static final double MIN_EXECUTOR_CPUS = 0.01;
    public static final double MIN_EXECUTOR_MEM_MB = 32;

    /** One launch of a call: its tasks, their executor (null for LAUNCH), what it takes, or why it fails. */
    public record Launch(Protos.ExecutorInfo executor, List<TaskInfo> tasks, ResourceBag consumed, String error,
                         Reason reason) {
        public boolean valid() {
            return error == null;
        }
    }

    private AcceptValidator() {
    }

    /**
     * Why the offers named by an ACCEPT are unusable, or null. Why: a real master refuses offers it
     * no longer holds (used, declined, rescinded) and "Aggregated offers must belong to one single agent".
     */
    public static String offersError(List<String> offerIds, Map<String, Offer> outstanding) {
        if (offerIds.isEmpty()) {
            return "No offers named";
        }
        for (String id : offerIds) {
            if (!outstanding.containsKey(id)) {
                return "Offer " + id + " is no longer valid";
            }
        }
        if (offerIds.size() != new HashSet<>(offerIds).size()) {
            return "Duplicate offer ids in the ACCEPT call";
        }
        long agents = offerIds.stream().map(id -> outstanding.get(id).getAgentId().getValue()).distinct().count();
        return agents > 1 ? "Aggregated offers must belong to one single agent" : null;
    }

    /** The message of the TASK_LOST a master sends for every task of an ACCEPT with invalid offers. */
    public static String invalidOffersMessage(List<String> offerIds, String error) {
        return "ACCEPT call used invalid offers '[ " + String.join(", ", offerIds) + " ]': " + error;
    }

    /**
     * Each launch operation judged in order. {@code runningExecutors} are executors already on the
     * agent (their resources are not asked again); {@code taskInUse} says whether a task id is taken.
     */
    public static List<Launch> launches(List<Offer> offers, List<Offer.Operation> operations, String frameworkId,
                                        String role, Set<String> runningExecutors, Predicate<String> taskInUse) {
        ResourceBag available = ResourceBag.empty();
        for (Offer o : offers) {
            available = available.plus(ResourceBag.of(o.getResourcesList()));
        }
        String agent = offers.get(0).getAgentId().getValue();
        Set<String> seen = new HashSet<>();
        List<Launch> out = new ArrayList<>();
        for (Offer.Operation op : operations) {
            if (op.getType() == Offer.Operation.Type.LAUNCH_GROUP) {
                Launch l = group(op.getLaunchGroup(), frameworkId, agent, role, available, runningExecutors,
                        id -> taskInUse.test(id) || !seen.add(id));
                available = l.valid() ? available.minus(l.consumed()) : available;
                out.add(l);
            } else if (op.getType() == Offer.Operation.Type.LAUNCH) {
                for (TaskInfo task : op.getLaunch().getTaskInfosList()) {
                    // why: LAUNCH checks each task on its own
                    ResourceBag need = ResourceBag.of(task.getResourcesList());
                    String error = taskError(task, agent, role, id -> taskInUse.test(id) || !seen.add(id));
                    if (error == null && !available.contains(need)) {
                        error = "Task uses more resources " + need + " than available " + available;
                    }
                    available = error == null ? available.minus(need) : available;
                    out.add(new Launch(null, List.of(task), need, error == null ? null : "Task is invalid: " + error,
                            Reason.REASON_TASK_INVALID));
                }
            }
        }
        return out;
    }

    private static Launch group(Offer.Operation.LaunchGroup group, String frameworkId, String agent, String role,
                                ResourceBag available, Set<String> runningExecutors, Predicate<String> taskInUse) {
        Protos.ExecutorInfo ex = group.getExecutor();
        List<TaskInfo> tasks = group.getTaskGroup().getTasksList();
        boolean running = runningExecutors.contains(ex.getExecutorId().getValue());
        ResourceBag need = running ? ResourceBag.empty() : ResourceBag.of(ex.getResourcesList());
        for (TaskInfo t : tasks) {
            need = need.plus(ResourceBag.of(t.getResourcesList()));
        }
        String error = executorError(ex, frameworkId, role, running);
        for (int i = 0; error == null && i < tasks.size(); i++) {
            error = tasks.get(i).hasExecutor() ? "'TaskInfo.executor' must not be set in a task group"
                    : taskError(tasks.get(i), agent, role, taskInUse);
        }
        if (error == null && tasks.isEmpty()) {
            error = "Task group is empty";
        }
        if (error == null && !available.contains(need)) {
            // why: the master checks the group and its executor against the offers as a whole
            error = "Total resources " + need + " required by task group and its executor are more than available "
                    + available;
        }
        return new Launch(ex, tasks, need, error == null ? null : "Task group is invalid: " + error,
                Reason.REASON_TASK_GROUP_INVALID);
    }

    /** Why: a task group's executor is the DEFAULT executor, which the master sizes and ties to the framework. */
    static String executorError(Protos.ExecutorInfo ex, String frameworkId, String role, boolean running) {
        String id = ex.getExecutorId().getValue();
        if (!ex.hasFrameworkId()) {
            return "'ExecutorInfo.framework_id' must be set";
        }
        if (!ex.getFrameworkId().getValue().equals(frameworkId)) {
            return "ExecutorInfo has an invalid FrameworkID (Actual: " + ex.getFrameworkId().getValue()
                    + " vs Expected: " + frameworkId + ")";
        }
        if (ex.getType() != Protos.ExecutorInfo.Type.DEFAULT) {
            return "The executor of a task group must be of type DEFAULT (got " + ex.getType() + ")";
        }
        if (!running) {
            ResourceBag r = ResourceBag.of(ex.getResourcesList());
            if (r.scalar("cpus") < MIN_EXECUTOR_CPUS) {
                return "Executor '" + id + "' uses less CPUs (" + r.scalar("cpus") + ") than the minimum required ("
                        + MIN_EXECUTOR_CPUS + ")";
            }
            if (r.scalar("mem") < MIN_EXECUTOR_MEM_MB) {
                return "Executor '" + id + "' uses less memory (" + r.scalar("mem") + " MB) than the minimum required ("
                        + (int) MIN_EXECUTOR_MEM_MB + " MB)";
            }
            if (!r.has("disk")) {
                return "Executor '" + id + "' has no 'disk' resource (the DEFAULT executor needs one)";
            }
        }
        return rolesError(ex.getResourcesList(), "executor '" + id + "'", role);
    }

    static String taskError(TaskInfo task, String agent, String role, Predicate<String> taskInUse) {
        String id = task.getTaskId().getValue();
        if (!task.getAgentId().getValue().equals(agent)) {
            return "Task '" + id + "' uses agent '" + task.getAgentId().getValue() + "' but the offers are for agent '"
                    + agent + "'";
        }
        if (taskInUse.test(id)) {
            return "Task '" + id + "' has a duplicate ID";
        }
        String healthCheck = task.hasHealthCheck() ? HealthChecker.invalid(task.getHealthCheck()) : null;
        if (healthCheck != null) {
            return "Task '" + id + "' uses invalid health check: " + healthCheck;
        }
        return rolesError(task.getResourcesList(), "task '" + id + "'", role);
    }

    /** Why: with MULTI_ROLE each resource must name the role it was offered to. */
    static String rolesError(List<Protos.Resource> resources, String owner, String role) {
        List<String> wrong = resources.stream()
                .filter(r -> !r.hasAllocationInfo() || !r.getAllocationInfo().getRole().equals(role))
                .map(r -> "'" + r.getName() + "' (" + (r.hasAllocationInfo() ? "role '" + r.getAllocationInfo().getRole()
                        + "'" : "no allocation_info.role") + ")")
                .collect(Collectors.toList());
        return wrong.isEmpty() ? null : "Resources " + String.join(", ", wrong) + " of " + owner
                + " are not allocated to the offers' role '" + role + "'";
    }
}
