package io.mesoflow.launcher.mesos;

import io.mesoflow.events.TaskState;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos;

/**
 * Mesos task states and reasons to MesoFlow's. Terminal states that say the task is gone
 * without its own verdict ({@code LOST}, {@code DROPPED}, {@code GONE}, {@code GONE_BY_OPERATOR},
 * {@code UNKNOWN}, and {@code UNREACHABLE}, which a framework without {@code PARTITION_AWARE}
 * does not get) become {@code LOST}, which monitor relaunches. The exit code comes from the
 * executor's message ({@code Command exited with status 3}; a signal is 128 + its number).
 */
public final class StatusMapping {
    private static final Pattern EXITED = Pattern.compile("exited with status (\\d+)");
    private static final Pattern SIGNALED = Pattern.compile("terminated with signal ([A-Za-z ]+)");
    private static final Map<String, Integer> SIGNALS = Map.of("Hangup", 1, "Interrupt", 2, "Quit", 3,
            "Aborted", 6, "Killed", 9, "Segmentation fault", 11, "Terminated", 15);

    /** What MesoFlow records of one Mesos status update. */
    public record Mapped(TaskState state, String reason, String message, Integer exitCode) {
    }

    private StatusMapping() {
    }

    public static Mapped map(Protos.TaskStatus status) {
        String message = status.hasMessage() ? status.getMessage() : null;
        String reason = status.hasReason() ? status.getReason().name() : null;
        return new Mapped(state(status.getState()), reason, message, exitCode(status.getState(), message));
    }

    public static TaskState state(Protos.TaskState state) {
        return switch (state) {
            case TASK_STAGING -> TaskState.STAGING;
            case TASK_STARTING -> TaskState.STARTING;
            case TASK_RUNNING -> TaskState.RUNNING;
            case TASK_KILLING -> TaskState.KILLING;
            case TASK_FINISHED -> TaskState.FINISHED;
            case TASK_FAILED -> TaskState.FAILED;
            case TASK_KILLED -> TaskState.KILLED;
            case TASK_ERROR -> TaskState.ERROR;
            case TASK_LOST, TASK_DROPPED, TASK_UNREACHABLE, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> TaskState.LOST;
        };
    }

    static Integer exitCode(Protos.TaskState state, String message) {
        if (state == Protos.TaskState.TASK_FINISHED) {
            return 0;
        }
        if (message == null) {
            return null;
        }
        Matcher exited = EXITED.matcher(message);
        if (exited.find()) {
            return Integer.parseInt(exited.group(1));
        }
        Matcher signaled = SIGNALED.matcher(message);
        if (signaled.find()) {
            Integer number = SIGNALS.get(signaled.group(1).strip());
            return number == null ? null : 128 + number;
        }
        return null;
    }
}
