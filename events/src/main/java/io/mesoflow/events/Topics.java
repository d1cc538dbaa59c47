package io.mesoflow.events;

/** Kafka topic names (docs/architecture.md, "Topics": who produces and consumes each). */
public final class Topics {
    public static final String JOBS = "mesoflow.jobs";
    public static final String TEAMS = "mesoflow.teams";
    public static final String OFFERS = "mesoflow.offers";
    public static final String PLACEMENTS = "mesoflow.placements";
    public static final String LAUNCHES = "mesoflow.launches";
    public static final String TASK_STATUS = "mesoflow.task-status";
    public static final String JOB_STATUS = "mesoflow.job-status";
    public static final String CONTROL = "mesoflow.control";
    /** Raw job specs produced by other systems (not CloudEvents): the same JSON as the HTTP API takes. */
    public static final String JOB_SUBMISSIONS = "mesoflow.job-submissions";
    public static final String JOB_SUBMISSION_RESULTS = "mesoflow.job-submission-results";
    /** Training progress ({@code JobProgress}, from the launcher) and GPU-budget warnings (from job-api). */
    public static final String PROGRESS = "mesoflow.progress";
    /** Raw job commands from other systems (not CloudEvents): {@code {"jobId","action":"suspend|resume|cancel",...}}. */
    public static final String JOB_COMMANDS = "mesoflow.job-commands";
    public static final String JOB_COMMAND_RESULTS = "mesoflow.job-command-results";
    /** Secret resolutions (never values), for admins. */
    public static final String AUDIT = "mesoflow.audit";

    private Topics() {
    }

    /** The dead-letter topic a consumer group sends undecodable records of {@code topic} to. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
