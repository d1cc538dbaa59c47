package io.mesoflow.testing.mesos;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Builders of what a framework sends: resources of a role, LAUNCH_GROUP operations, ACCEPT and DECLINE calls. */
final class Launches {
    static final String ROLE = "ml";

    private Launches() {
    }

    static Protos.Resource scalar(String name, double value, String role) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value))
                .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role)).build();
    }

    static Protos.Resource ports(long begin, long end, String role) {
        return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                        .setBegin(begin).setEnd(end)))
                .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role)).build();
    }

    /** The DEFAULT executor MesoFlow sends: 0.1 cpus, 32 MB, 10 MB disk. */
    static Protos.ExecutorInfo.Builder executor(String frameworkId, String id) {
        return Protos.ExecutorInfo.newBuilder().setType(Protos.ExecutorInfo.Type.DEFAULT)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .addResources(scalar("cpus", 0.1, ROLE)).addResources(scalar("mem", 32, ROLE))
                .addResources(scalar("disk", 10, ROLE));
    }

    static Protos.TaskInfo.Builder task(String taskId, String agentId, String shell, double cpus, double mem) {
        return Protos.TaskInfo.newBuilder().setName(taskId).setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .addResources(scalar("cpus", cpus, ROLE)).addResources(scalar("mem", mem, ROLE))
                .setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue(shell));
    }

    static Protos.Offer.Operation group(Protos.ExecutorInfo.Builder executor, Protos.TaskInfo.Builder... tasks) {
        Protos.TaskGroupInfo.Builder g = Protos.TaskGroupInfo.newBuilder();
        for (Protos.TaskInfo.Builder t : tasks) {
            g.addTasks(t);
        }
        return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
                .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor).setTaskGroup(g))
                .build();
    }

    /** One task in its own group with its own executor ({@code <taskId>.executor}). */
    static Protos.Offer.Operation launch(String frameworkId, Protos.TaskInfo.Builder task) {
        return group(executor(frameworkId, task.getTaskId().getValue() + ".executor"), task);
    }

    static Call.Builder accept(List<Protos.Offer> offers, double refuseSeconds, Protos.Offer.Operation... ops) {
        Call.Accept.Builder a = Call.Accept.newBuilder().addAllOperations(List.of(ops))
                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        offers.forEach(o -> a.addOfferIds(o.getId()));
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(a);
    }

    static Call.Builder decline(Protos.Offer offer, double refuseSeconds) {
        return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())
                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds)));
    }

    static Call.Builder roles(Call.Type type, String role) {
        Call.Builder c = Call.newBuilder().setType(type);
        return type == Call.Type.REVIVE ? c.setRevive(Call.Revive.newBuilder().addRoles(role))
                : c.setSuppress(Call.Suppress.newBuilder().addRoles(role));
    }

    static Call.Builder kill(String taskId, String agentId) {
        return Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId)));
    }

    /** A KILL whose {@code kill_policy.grace_period} overrides the agent's grace period. */
    static Call.Builder kill(String taskId, String agentId, Duration grace) {
        Call.Builder kill = kill(taskId, agentId);
        kill.getKillBuilder().setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(
                Protos.DurationInfo.newBuilder().setNanoseconds(grace.toNanos())));
        return kill;
    }

    static Call.Builder reconcile(String... taskIds) {
        Call.Reconcile.Builder r = Call.Reconcile.newBuilder();
        for (String id : taskIds) {
            r.addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(id)));
        }
        return Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(r);
    }
}
