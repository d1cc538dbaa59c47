package io.mesoflow.events;

/** An inclusive range of ports, as in a Mesos {@code ports} resource. */
public record PortRange(int begin, int end) {
    public PortRange {
        if (begin > end) {
            throw new IllegalArgumentException("port range " + begin + "-" + end + " is empty");
        }
    }

    public int size() {
        return end - begin + 1;
    }

    public boolean contains(int port) {
        return port >= begin && port <= end;
    }
}
