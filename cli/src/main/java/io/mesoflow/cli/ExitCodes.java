package io.mesoflow.cli;

/** Exit codes scripts can rely on. */
public final class ExitCodes {
    /** The command worked (for wait: the job SUCCEEDED). */
    public static final int OK = 0;
    /** wait: the job FAILED. */
    public static final int JOB_FAILED = 1;
    /** Bad command line (picocli's usage error). */
    public static final int USAGE = 2;
    /** The API answered an error, or could not be reached. */
    public static final int API_ERROR = 3;
    /** The job (or file) does not exist. */
    public static final int NOT_FOUND = 4;
    /** wait: the timeout passed first. */
    public static final int TIMEOUT = 5;
    /** wait: the job was CANCELLED. */
    public static final int JOB_CANCELLED = 6;
    /** The spec was rejected as invalid (HTTP 400). */
    public static final int INVALID_SPEC = 7;
    /** No token, an unknown or revoked token (HTTP 401), or not allowed (HTTP 403). */
    public static final int NOT_ALLOWED = 8;
    /** wait: the job was SUSPENDED by a user and waits for a resume (one suspended by preemption or its
     * budget resumes by itself, so wait goes on). */
    public static final int JOB_SUSPENDED = 9;

    private ExitCodes() {
    }
}
