package io.mesoflow.service;

/** A well-formed event the handler can never process (it will not succeed on retry). */
public class RejectedEventException extends RuntimeException {
    public RejectedEventException(String message) {
        super(message);
    }
}
