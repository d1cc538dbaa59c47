package io.mesoflow.api.service;

/** A task's sandbox could not be read (its agent or the launcher down, the file gone): HTTP 502. */
public class LogsUnavailableException extends RuntimeException {
    public LogsUnavailableException(String message) {
        super(message);
    }
}
