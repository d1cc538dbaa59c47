package io.mesoflow.api.service;

/** A user submitted a job for a team that is not theirs (HTTP 403 naming {@code team}); the refusal is audited. */
public class WrongTeamException extends RuntimeException {
    public WrongTeamException(String message) {
        super(message);
    }
}
