package io.mesoflow.events;

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
