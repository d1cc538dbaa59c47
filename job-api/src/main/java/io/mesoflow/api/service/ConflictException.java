package io.mesoflow.api.service;

/**
 * A request that does not fit the state it meets: a change to a job that has ended, or an
 * idempotency key already taken by another body or another team (HTTP 409).
 */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
