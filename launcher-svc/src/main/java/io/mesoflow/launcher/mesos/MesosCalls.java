package io.mesoflow.launcher.mesos;

import io.mesoflow.events.PortRange;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.TeamUsers;
import io.mesoflow.launcher.task.TaskEnvironment;
import io.mesoflow.launcher.task.TaskPrelude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The v1 scheduler calls MesoFlow sends, built from its own types. Pure: no I/O. Sent as
 * {@code application/x-protobuf} (Mesos' JSON parser wants snake_case and numeric 64-bit
 * integers, which protobuf's JSON printer does not write).
 */
public final class MesosCalls {
    /** Resources the DEFAULT executor of a task group needs besides its task (its minimums). */
    public static final double EXECUTOR_CPUS = 0.1;
    public static final double EXECUTOR_MEM_MB = 32;
    public static final double EXECUTOR_DISK_MB = 10;
    /** The exit code of a task whose file secret the agent did not provide (see {@link MesosTaskCommand}). */
    public static final int MISSING_SECRET_VOLUME_EXIT = 78;

    /** Who MesoFlow is to the master. */
    public record Framework(String name, String user, String role, String principal, double failoverTimeoutSeconds,
                            boolean gpus) {
    }

    /** A value opened by the launcher for a task, handed to Mesos as a {@code Secret} value. */
    public record SecretValue(String env, String file, byte[] value) {
        @Override
        public String toString() {
            return "SecretValue[" + (env != null ? "env " + env : "file " + file) + ", value hidden]";
        }
    }

    private MesosCalls() {
    }

    public static Call subscribe(Framework f, Optional<String> frameworkId) {
        return subscribe(f, frameworkId, false);
    }

    /**
     * SUBSCRIBE; {@code suppressed} names the framework's role in {@code suppressed_roles}, so a
     * re-subscription (which clears the master's suppression) keeps offers stopped while nothing waits.
     */
    public static Call subscribe(Framework f, Optional<String> frameworkId, boolean suppressed) {
        Protos.FrameworkInfo.Builder info = Protos.FrameworkInfo.newBuilder()
                .setName(f.name()).setUser(f.user()).addRoles(f.role())
                .setFailoverTimeout(f.failoverTimeoutSeconds()).setCheckpoint(true)
                .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE))
                .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
        if (f.gpus()) {
            info.addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.GPU_RESOURCES));
        }
        if (f.principal() != null) {
            info.setPrincipal(f.principal());
        }
        frameworkId.ifPresent(id -> info.setId(Protos.FrameworkID.newBuilder().setValue(id)));
        Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder().setFrameworkInfo(info);
        if (suppressed) {
            subscribe.addSuppressedRoles(f.role());
        }
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(subscribe);
        frameworkId.ifPresent(id -> call.setFrameworkId(Protos.FrameworkID.newBuilder().setValue(id)));
        return call.build();
    }

    /**
     * One ACCEPT per agent, in the order the tasks name their agents: a master refuses an ACCEPT
     * whose offers belong to more than one agent ("Aggregated offers must belong to one single agent").
     */
    public static Map<String, List<TaskPlacement>> byAgent(List<TaskPlacement> tasks) {
        Map<String, List<TaskPlacement>> byAgent = new LinkedHashMap<>();
        tasks.forEach(t -> byAgent.computeIfAbsent(t.agentId(), a -> new ArrayList<>()).add(t));
        return byAgent;
    }

    /** Environments under the default cache, with pip's own options. */
    static final TaskPrelude.Settings DEFAULT_PRELUDE = new TaskPrelude.Settings("/var/cache/mesoflow/envs", "");

    /**
     * Accepts one agent's offers with one LAUNCH_GROUP per task (the DEFAULT executor, one task
     * group per task, so one task's fault cannot fail another's). Resources left unused are declined
     * with {@code refuseSeconds} (0: offered again at the master's next allocation, so the next
     * launch on this agent does not wait for the filter). Each task runs as its team's user.
     */
    public static Call accept(String frameworkId, String jobId, List<TaskPlacement> tasks, String role,
                              Map<String, List<SecretValue>> secretsByTask, double refuseSeconds, TeamUsers users) {
        return accept(frameworkId, jobId, tasks, role, secretsByTask, refuseSeconds, users, DEFAULT_PRELUDE);
    }

    /** The ACCEPT, with where tasks keep their Python environments on the agents ({@code prelude}). */
    public static Call accept(String frameworkId, String jobId, List<TaskPlacement> tasks, String role,
                              Map<String, List<SecretValue>> secretsByTask, double refuseSeconds, TeamUsers users,
                              TaskPrelude.Settings prelude) {
        return accept(frameworkId, List.of(new JobTasks(jobId, tasks, secretsByTask)), role, refuseSeconds, users,
                prelude);
    }

    /** One job's tasks in an ACCEPT, with each task's secret values (by task name). */
    public record JobTasks(String jobId, List<TaskPlacement> tasks, Map<String, List<SecretValue>> secretsByTask) {
    }

    /**
     * One ACCEPT of one agent's offers for the tasks of one or more jobs (jobs placed to share it):
     * every offer any task names, once, and one LAUNCH_GROUP per task, in order, each with its own
     * job's executor and secrets. A master pools the offers and gives each operation what the
     * earlier ones left.
     */
    public static Call accept(String frameworkId, List<JobTasks> jobs, String role, double refuseSeconds,
                              TeamUsers users, TaskPrelude.Settings prelude) {
        List<String> agents = jobs.stream().flatMap(j -> j.tasks().stream()).map(TaskPlacement::agentId).distinct()
                .toList();
        if (agents.size() > 1) {
            throw new IllegalArgumentException("one ACCEPT takes the offers of one agent; got " + agents);
        }
        Call.Accept.Builder accept = Call.Accept.newBuilder()
                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        jobs.stream().flatMap(j -> j.tasks().stream()).flatMap(t -> t.offerIds().stream()).distinct()
                .forEach(id -> accept.addOfferIds(Protos.OfferID.newBuilder().setValue(id)));
        for (JobTasks job : jobs) {
            for (TaskPlacement task : job.tasks()) {
                accept.addOperations(Protos.Offer.Operation.newBuilder()
                        .setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
                        .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder()
                                .setExecutor(executor(frameworkId, job.jobId(), task, role))
                                .setTaskGroup(Protos.TaskGroupInfo.newBuilder()
                                        .addTasks(taskInfo(job.jobId(), task, role, job.secretsByTask()
                                                .getOrDefault(task.taskName(), List.of()),
                                                users.userOf(task.launch().team()), prelude)))));
            }
        }
        return withFramework(frameworkId).setType(Call.Type.ACCEPT).setAccept(accept).build();
    }

    /** The executor id of a task's DEFAULT executor (one per task). */
    public static String executorId(String taskId) {
        return taskId + ".executor";
    }

    static Protos.ExecutorInfo executor(String frameworkId, String jobId, TaskPlacement task, String role) {
        return Protos.ExecutorInfo.newBuilder()
                .setType(Protos.ExecutorInfo.Type.DEFAULT)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(executorId(task.taskId(jobId))))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .addResources(scalar("cpus", EXECUTOR_CPUS, role))
                .addResources(scalar("mem", EXECUTOR_MEM_MB, role))
                .addResources(scalar("disk", EXECUTOR_DISK_MB, role))
                .build();
    }

    /**
     * A task run by the DEFAULT executor as {@code user} (the agent switches to it; null: the framework's
     * user), with the {@link TaskEnvironment} the local backend gives a task; the agent's GPU isolator
     * sets its {@code CUDA_VISIBLE_DEVICES}.
     */
    static Protos.TaskInfo taskInfo(String jobId, TaskPlacement task, String role, List<SecretValue> secrets,
                                    String user) {
        return taskInfo(jobId, task, role, secrets, user, DEFAULT_PRELUDE);
    }

    static Protos.TaskInfo taskInfo(String jobId, TaskPlacement task, String role, List<SecretValue> secrets,
                                    String user, TaskPrelude.Settings prelude) {
        Protos.ContainerInfo container = MesosContainer.of(task.launch(), secrets);
        Protos.CommandInfo.Builder command = MesosTaskCommand.of(task.launch(), TaskEnvironment.of(jobId, task),
                secrets, user, prelude);
        Protos.TaskInfo.Builder info = Protos.TaskInfo.newBuilder()
                .setName(jobId + "." + task.taskName())
                .setTaskId(Protos.TaskID.newBuilder().setValue(task.taskId(jobId)))
                .setAgentId(Protos.AgentID.newBuilder().setValue(task.agentId()))
                .addResources(scalar("cpus", task.resources().cpus(), role))
                .addResources(scalar("mem", task.resources().memMb(), role))
                .setCommand(command)
                .setContainer(container);
        MesosReadiness.healthCheck(task).ifPresent(info::setHealthCheck); // ready once its port accepts connections
        if (task.resources().diskMb() > 0) {
            info.addResources(scalar("disk", task.resources().diskMb(), role));
        }
        if (task.resources().gpus() > 0) {
            info.addResources(scalar("gpus", task.resources().gpus(), role));
        }
        if (!task.ports().isEmpty()) {
            Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
            for (PortRange r : contiguous(task.ports())) {
                ranges.addRange(Protos.Value.Range.newBuilder().setBegin(r.begin()).setEnd(r.end()));
            }
            info.addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                    .setRanges(ranges).setAllocationInfo(allocation(role)));
        }
        return info.build();
    }

    public static Call decline(String frameworkId, List<String> offerIds, double refuseSeconds) {
        Call.Decline.Builder decline = Call.Decline.newBuilder()
                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        offerIds.forEach(id -> decline.addOfferIds(Protos.OfferID.newBuilder().setValue(id)));
        return withFramework(frameworkId).setType(Call.Type.DECLINE).setDecline(decline).build();
    }

    public static Call kill(String frameworkId, String taskId, String agentId) {
        return kill(frameworkId, taskId, agentId, null);
    }

    /**
     * Why {@code kill_policy}: it overrides, for this kill, the grace period the executor would give
     * between SIGTERM and SIGKILL (null: the task's or the agent's default).
     */
    public static Call kill(String frameworkId, String taskId, String agentId, Long gracePeriodSeconds) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId));
        if (agentId != null) {
            kill.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
        }
        if (gracePeriodSeconds != null) {
            kill.setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder()
                    .setNanoseconds(java.util.concurrent.TimeUnit.SECONDS.toNanos(Math.max(0, gracePeriodSeconds)))));
        }
        return withFramework(frameworkId).setType(Call.Type.KILL).setKill(kill).build();
    }

    public static Call acknowledge(String frameworkId, Protos.TaskStatus status) {
        return withFramework(frameworkId).setType(Call.Type.ACKNOWLEDGE)
                .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(status.getAgentId())
                        .setTaskId(status.getTaskId()).setUuid(status.getUuid()))
                .build();
    }

    /** Explicit reconciliation of these tasks ({@code taskId -> agentId}), or implicit (all tasks) when empty. */
    public static Call reconcile(String frameworkId, Map<String, String> tasks) {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        tasks.forEach((task, agent) -> {
            Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
                    .setTaskId(Protos.TaskID.newBuilder().setValue(task));
            if (agent != null) {
                t.setAgentId(Protos.AgentID.newBuilder().setValue(agent));
            }
            reconcile.addTasks(t);
        });
        return withFramework(frameworkId).setType(Call.Type.RECONCILE).setReconcile(reconcile).build();
    }

    public static Call suppress(String frameworkId, String role) {
        return withFramework(frameworkId).setType(Call.Type.SUPPRESS)
                .setSuppress(Call.Suppress.newBuilder().addRoles(role)).build();
    }

    public static Call revive(String frameworkId, String role) {
        return withFramework(frameworkId).setType(Call.Type.REVIVE)
                .setRevive(Call.Revive.newBuilder().addRoles(role)).build();
    }

    public static Call teardown(String frameworkId) {
        return withFramework(frameworkId).setType(Call.Type.TEARDOWN).build();
    }

    /** Sorted ports as the fewest ranges. */
    static List<PortRange> contiguous(List<Integer> ports) {
        List<Integer> sorted = ports.stream().sorted().toList();
        List<PortRange> ranges = new ArrayList<>();
        int begin = sorted.get(0);
        int end = begin;
        for (int p : sorted.subList(1, sorted.size())) {
            if (p == end + 1) {
                end = p;
            } else {
                ranges.add(new PortRange(begin, end));
                begin = end = p;
            }
        }
        ranges.add(new PortRange(begin, end));
        return ranges;
    }

    private static Call.Builder withFramework(String frameworkId) {
        return Call.newBuilder().setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId));
    }

    private static Protos.FrameworkInfo.Capability capability(Protos.FrameworkInfo.Capability.Type type) {
        return Protos.FrameworkInfo.Capability.newBuilder().setType(type).build();
    }

    private static Protos.Resource scalar(String name, double value, String role) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).setAllocationInfo(allocation(role)).build();
    }

    /** With MULTI_ROLE every resource names the role it was offered to, and an ACCEPT must say the same. */
    private static Protos.Resource.AllocationInfo allocation(String role) {
        return Protos.Resource.AllocationInfo.newBuilder().setRole(role).build();
    }
}
