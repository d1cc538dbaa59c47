package io.mesoflow.placement.core;

/** The most one agent has ever offered at once: its capacity as far as MesoFlow has seen it. */
public record AgentTotal(String agentId, double cpus, double memMb, int gpus) {
    String describe() {
        return TaskDemand.fmt(cpus) + " cpus, " + TaskDemand.fmt(memMb) + " MB mem" + (gpus > 0 ? ", " + gpus + " gpus" : "");
    }
}
