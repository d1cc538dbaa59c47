package io.mesoflow.events;

import java.util.Optional;

/** A task's stable name inside its job: {@code <role>-<index>}, e.g. {@code worker-2}. */
public record TaskName(Role role, int index) implements Comparable<TaskName> {

    public static TaskName parse(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not a task name: '" + name + "'");
        }
        return new TaskName(Role.fromWireName(name.substring(0, dash)),
                Integer.parseInt(name.substring(dash + 1)));
    }

    /**
     * The task {@code name} names, when it is one in its canonical spelling; empty otherwise. For
     * names from the wire, where a malformed one must be ignored rather than fail a consumer.
     */
    public static Optional<TaskName> tryParse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            TaskName task = parse(name);
            return task.toString().equals(name) ? Optional.of(task) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return role.wireName() + "-" + index;
    }

    @Override
    public int compareTo(TaskName other) {
        int byRole = role.compareTo(other.role);
        return byRole != 0 ? byRole : Integer.compare(index, other.index);
    }
}
