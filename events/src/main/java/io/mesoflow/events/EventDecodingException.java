package io.mesoflow.events;

/** A record that is not a MesoFlow event this version can read; the message says why. */
public class EventDecodingException extends RuntimeException {
    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventDecodingException(String message) {
        super(message);
    }
}
