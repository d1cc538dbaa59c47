package io.mesoflow.launcher.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.net.URI;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** Plain helpers of {@link SchedulerConnection}: where a master's 307 points, how a failure reads, an event's record. */
final class MesosHttp {
    private MesosHttp() {
    }

    /** A 307's location: protocol-relative ({@code //host:5050/master/api/v1/scheduler}) or absolute. */
    static URI redirectTarget(URI current, String location) {
        URI resolved = URI.create(location.startsWith("//") ? current.getScheme() + ":" + location : location);
        String path = resolved.getPath() == null || resolved.getPath().isEmpty() ? "/api/v1/scheduler" : resolved.getPath();
        if (!path.endsWith("/api/v1/scheduler")) {
            path = path.replaceAll("/+$", "") + "/api/v1/scheduler";
        }
        return URI.create(resolved.getScheme() + "://" + resolved.getAuthority() + path);
    }

    /** An exception as an operator reads it (some carry no message: a refused connection says only its type). */
    static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null && cause.getMessage() != null) {
            message = cause.getMessage();
        }
        String type = (cause != null && (e.getMessage() == null) ? cause : e).getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** A record of the event stream as its event. */
    static Event event(byte[] record) throws IOException {
        try {
            return Event.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("an event that is not a v1 scheduler Event: " + e.getMessage());
        }
    }
}
