package io.mesoflow.testing.mesos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The master's books for its one framework (offers, filters, suppression, tasks, agents) and what
 * each scheduler call does to them. Every method but {@link #frameworkId} holds this object's lock
 * (scheduler calls come from the master's one {@link CallQueue} thread, so the lock is contended
 * only by the allocator, the agents and the test's script); it may call into an
 * agent, never the other way round while an agent holds its own lock. Guarantees: the rules of
 * {@link AcceptValidator} and {@link OfferBook} hold for scripted offers too; agents the test
 * plays (named only by scripted offers) get nothing forwarded and nothing is answered for them.
 */
final class MasterState {
    private static final double DEFAULT_REFUSE_SECONDS = 5;
    private final String masterId = UUID.randomUUID().toString();
    private final EventStream stream;
    private final OfferBook book = new OfferBook();
    private final TaskTable table = new TaskTable();
    private final Map<String, SimulatedAgent> agents = new LinkedHashMap<>();
    private long offerSeq;
    private volatile String frameworkId; // read without the lock: every call's check of it
    private List<String> roles = List.of("*");
    private boolean subscribed;
    private boolean gpuCapable;
    private boolean killingCapable;
    private boolean autoRun;

    MasterState(EventStream stream) {
        this.stream = stream;
    }

    /**
     * A SUBSCRIBE: the framework (a failover when it names its id) gets a new stream; its offers
     * are voided, its filters cleared, and its suppressed roles become the call's
     * {@code suppressed_roles} (why: "Unsuppressed offers and cleared filters for roles" on failover).
     */
    synchronized String subscribe(Call.Subscribe subscribe, String idForNew) {
        Protos.FrameworkInfo info = subscribe.getFrameworkInfo();
        frameworkId = info.hasId() ? info.getId().getValue() : idForNew;
        roles = !info.getRolesList().isEmpty() ? List.copyOf(info.getRolesList())
                : List.of(info.hasRole() ? info.getRole() : "*");
        gpuCapable = has(info, Protos.FrameworkInfo.Capability.Type.GPU_RESOURCES);
        killingCapable = has(info, Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
        subscribed = true;
        book.clearOffers();
        book.clearFilters();
        book.resetSuppressed(subscribe.getSuppressedRolesList());
        return stream.open();
    }

    String frameworkId() {
        return frameworkId;
    }

    synchronized void autoRun(boolean on) {
        autoRun = on;
    }

    synchronized Set<String> suppressedRoles() {
        return book.suppressed();
    }

    synchronized void addAgent(SimulatedAgent agent) {
        agents.put(agent.id(), agent);
    }

    synchronized Optional<SimulatedAgent> agent(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    synchronized List<SimulatedAgent> agents() {
        return List.copyOf(agents.values());
    }

    // ------------------------------------------------------------------ the test's script

    /** Scripted offers: remembered with their agent and resources; gpus withheld from a framework without GPU_RESOURCES. */
    synchronized void scriptedOffer(Offer... offers) {
        String fid = frameworkId != null ? frameworkId : "unsubscribed";
        List<Offer> made = new ArrayList<>();
        for (Offer o : offers) {
            String role = o.getResourcesList().stream().filter(Protos.Resource::hasAllocationInfo).findFirst()
                    .map(r -> r.getAllocationInfo().getRole()).orElse(roles.get(0));
            Offer.Builder b = o.toBuilder().setFrameworkId(Protos.FrameworkID.newBuilder().setValue(fid));
            // why: with MULTI_ROLE a real master tags every offered resource with its role
            b.getResourcesBuilderList().stream().filter(r -> !r.hasAllocationInfo())
                    .forEach(r -> r.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role)));
            Offer offer = b.build();
            if (subscribed && !gpuCapable && ResourceBag.of(offer.getResourcesList()).scalar("gpus") > 0) {
                continue; // why: --filter_gpu_resources, the master's default
            }
            book.add(offer);
            made.add(offer);
        }
        if (!made.isEmpty()) {
            send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder().addAllOffers(made)));
        }
    }

    synchronized void scriptedUpdate(TaskStatus status) {
        table.updated(status, status);
        send(Events.update(status));
    }

    synchronized void rescind(String offerId) {
        book.take(offerId);
        send(Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                .setOfferId(Protos.OfferID.newBuilder().setValue(offerId))));
    }

    /** A scripted agent is gone: its offers are rescinded and FAILURE sent; its tasks are the test's to report. */
    synchronized void scriptedAgentFailure(String agentId) {
        book.offersOf(agentId).forEach(o -> rescind(o.getId().getValue()));
        send(Events.failure(agentId));
    }

    // ------------------------------------------------------------------ scheduler calls

    synchronized void accept(Call.Accept accept) {
        List<String> ids = accept.getOfferIdsList().stream().map(Protos.OfferID::getValue).toList();
        String error = AcceptValidator.offersError(ids, book.outstanding());
        // why: the call uses its valid offers up either way; with an error their resources go back unfiltered
        List<Offer> offers = ids.stream().map(book::take).flatMap(Optional::stream).toList();
        if (error != null) {
            String message = AcceptValidator.invalidOffersMessage(ids, error);
            for (Offer.Operation op : accept.getOperationsList()) {
                for (TaskInfo t : Events.tasksOf(op)) {
                    send(Events.update(Statuses.fromMaster(t.getTaskId().getValue(), t.getAgentId().getValue(),
                            TaskState.TASK_LOST, TaskStatus.Reason.REASON_INVALID_OFFERS, message)));
                }
            }
            return;
        }
        String agentId = offers.get(0).getAgentId().getValue();
        SimulatedAgent agent = agents.get(agentId);
        String role = offers.get(0).getResourcesList().stream().filter(Protos.Resource::hasAllocationInfo).findFirst()
                .map(r -> r.getAllocationInfo().getRole()).orElse(roles.get(0));
        ResourceBag left = ResourceBag.empty();
        for (Offer o : offers) {
            left = left.plus(ResourceBag.of(o.getResourcesList()));
        }
        for (AcceptValidator.Launch l : AcceptValidator.launches(offers, accept.getOperationsList(), frameworkId, role,
                agent == null ? Set.of() : agent.runningExecutors(), table::inUse)) {
            if (!l.valid()) {
                l.tasks().forEach(t -> send(Events.update(Statuses.fromMaster(t.getTaskId().getValue(), agentId,
                        TaskState.TASK_ERROR, l.reason(), l.error()))));
                continue;
            }
            left = left.minus(l.consumed());
            for (TaskInfo t : l.tasks()) {
                String executorId = l.executor() != null ? l.executor().getExecutorId().getValue() : t.getTaskId().getValue();
                table.launched(t.getTaskId().getValue(), agentId, executorId, agent == null);
            }
            if (agent != null) {
                agent.launch(frameworkId, l.executor(), l.tasks(), killingCapable);
            } else if (autoRun) {
                l.tasks().forEach(t -> scriptedUpdate(Statuses.scripted(t.getTaskId().getValue(), agentId,
                        TaskState.TASK_RUNNING, true)));
            }
        }
        if (agent != null) {
            book.refuse(agentId, left, refuseSeconds(accept.hasFilters() ? accept.getFilters() : null),
                    System.currentTimeMillis());
        }
    }

    synchronized void decline(Call.Decline decline) {
        for (Protos.OfferID id : decline.getOfferIdsList()) {
            book.take(id.getValue()).filter(o -> agents.containsKey(o.getAgentId().getValue()))
                    .ifPresent(o -> book.refuse(o.getAgentId().getValue(), ResourceBag.of(o.getResourcesList()),
                            refuseSeconds(decline.hasFilters() ? decline.getFilters() : null), System.currentTimeMillis()));
        }
    }

    /** Why: REVIVE clears the framework's filters and un-suppresses its roles (all of them when none are named). */
    synchronized void revive(List<String> named) {
        book.clearFilters();
        book.unsuppress(named.isEmpty() ? roles : named);
    }

    synchronized void suppress(List<String> named) {
        book.suppress(named.isEmpty() ? roles : named);
    }

    /** Why: a master kills through the task's agent; for a task it does not know it answers TASK_LOST itself. */
    synchronized void kill(Call.Kill kill) {
        String taskId = kill.getTaskId().getValue();
        TaskTable.Entry e = table.get(taskId);
        if (e == null || !e.active()) {
            send(Events.update(Statuses.fromMaster(taskId, kill.hasAgentId() ? kill.getAgentId().getValue() : null,
                    TaskState.TASK_LOST, TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Task is unknown")));
        } else if (!e.scripted && !e.terminal() && agents.containsKey(e.agentId)) {
            agents.get(e.agentId).kill(taskId, kill.hasKillPolicy() && kill.getKillPolicy().hasGracePeriod()
                    ? java.time.Duration.ofNanos(kill.getKillPolicy().getGracePeriod().getNanoseconds()) : null);
        }
    }

    synchronized void acknowledge(Call.Acknowledge ack) {
        table.acknowledged(ack.getTaskId().getValue(), ack.getUuid());
        SimulatedAgent agent = agents.get(ack.getAgentId().getValue());
        if (agent != null) {
            agent.acknowledge(ack.getTaskId().getValue(), ack.getUuid());
        }
    }

    synchronized void reconcile(Call.Reconcile reconcile) {
        (reconcile.getTasksList().isEmpty() ? Reconciler.implicit(table)
                : Reconciler.explicit(table, reconcile.getTasksList())).forEach(s -> send(Events.update(s)));
    }

    // ------------------------------------------------------------------ agents

    /** An update from an agent: forwarded to the framework, and the task's latest state recorded. */
    synchronized void fromAgent(SimulatedAgent agent, TaskStatus sent, TaskStatus latest) {
        if (agents.get(agent.id()) == agent) {
            table.updated(sent, latest);
            send(Events.update(sent));
        }
    }

    /**
     * Why: a master that removes an agent reports its tasks TASK_LOST ({@code REASON_AGENT_REMOVED},
     * from the master), rescinds its offers and sends FAILURE.
     */
    synchronized void agentRemoved(SimulatedAgent agent) {
        if (agents.remove(agent.id()) == null) {
            return;
        }
        agent.markRemoved();
        for (TaskTable.Entry e : table.nonTerminalOn(agent.id())) {
            TaskStatus lost = Statuses.fromMaster(e.taskId, e.agentId, TaskState.TASK_LOST,
                    TaskStatus.Reason.REASON_AGENT_REMOVED, "Agent " + agent.spec().hostname() + " removed: agent failed");
            table.masterUpdate(lost);
            send(Events.update(lost));
        }
        book.offersOf(agent.id()).forEach(o -> rescind(o.getId().getValue()));
        book.removeAgent(agent.id());
        send(Events.failure(agent.id()));
    }

    /**
     * One allocation cycle: each agent's resources that are not allocated, offered or filtered go
     * to the subscribed framework's first role, one offer per agent, unless that role is suppressed.
     */
    synchronized void allocate() {
        if (!subscribed || !stream.connected() || book.isSuppressed(roles.get(0))) {
            return;
        }
        long now = System.currentTimeMillis();
        List<Offer> made = new ArrayList<>();
        for (SimulatedAgent agent : agents.values()) {
            if (agent.hasGpus() && !gpuCapable) {
                continue; // why: --filter_gpu_resources: no offers at all from a GPU agent
            }
            ResourceBag free = agent.free().minus(book.offeredOn(agent.id()));
            if ((free.scalar("cpus") < 0.01 && free.scalar("mem") < 32) || book.isFiltered(agent.id(), free, now)) {
                continue; // why: a master's minimum allocatable resources are cpus:0.01 or mem:32
            }
            Offer offer = agent.offer(masterId + "-O" + (++offerSeq), frameworkId, roles.get(0), free);
            book.add(offer);
            made.add(offer);
        }
        if (!made.isEmpty()) {
            send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder().addAllOffers(made)));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void send(Event.Builder event) {
        stream.send(event.build());
    }

    private static double refuseSeconds(Protos.Filters filters) {
        return filters != null && filters.hasRefuseSeconds() ? filters.getRefuseSeconds() : DEFAULT_REFUSE_SECONDS;
    }

    private static boolean has(Protos.FrameworkInfo info, Protos.FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }
}
