package io.mesoflow.events;

/** A task attempt's state, the Mesos task states MesoFlow uses. */
public enum TaskState {
    STAGING, STARTING, RUNNING, KILLING, FINISHED, FAILED, KILLED, LOST, ERROR;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED || this == LOST || this == ERROR;
    }

    /** Order of progress, so a consumer can ignore an update older than what it already knows. */
    public int progress() {
        return isTerminal() ? 10 : ordinal();
    }
}
