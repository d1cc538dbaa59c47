package io.mesoflow.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Job-api answers exactly as the progress/ETA contract writes them (nulls included), at a fixed
 * moment: {@link #NOW}.
 */
final class ApiBodies {
    static final Instant NOW = Instant.parse("2026-03-05T10:00:00Z");
    static final Display PIPE = new Display(false, false, 80, Clock.fixed(NOW, ZoneId.of("UTC")), ZoneId.of("UTC"));
    static final Display UTF8_TERMINAL = new Display(true, true, 100, Clock.fixed(NOW, ZoneId.of("UTC")),
            ZoneId.of("UTC"));

    static final String WARNING = "job job-1 is projected to use 4.20 GPU-hours; team ml has 3.00 left";

    private ApiBodies() {
    }

    /** {@code progress} of a running job at {@code step} of 3000, with scalars and a GPU-hour projection. */
    static String progress(long step, String warning) {
        return """
                {"task": "chief-0", "attempt": 0, "source": "tensorboard", "step": %d, "totalSteps": 3000,
                 "fraction": %s, "stepsPerSecond": 85.2,
                 "scalars": {"train/loss": 0.312, "eval/accuracy": 0.91, "learning_rate": 0.001},
                 "checkpointStep": 1000, "checkpointAt": "2026-03-05T09:57:50Z",
                 "observedAt": "2026-03-05T09:59:58Z", "finishEta": "2026-03-05T10:04:12Z",
                 "gpuHours": {"used": 0.5, "projected": 1.2, "teamRemaining": 3.0, "warning": %s}}
                """.formatted(step, step / 3000.0, warning == null ? "null" : "\"" + warning + "\"");
    }

    /** {@code GET /api/v1/jobs/{id}} of a running job with {@code progress} (or null). */
    static String runningJob(String state, String progress) {
        return """
                {"id": "job-1", "name": "mnist", "team": "ml", "state": "%s", "reason": null, "queuePosition": null,
                 "revision": 1, "outputDir": "/out", "submittedAt": "2026-03-05T09:40:00Z",
                 "updatedAt": "2026-03-05T09:59:58Z", "endedAt": null, "spec": {}, "cpuHours": 0.2,
                 "gpuHours": 0.5, "tensorboardUrl": null, "runSeconds": 900,
                 "tasks": [{"name": "chief-0", "attempt": 0, "state": "RUNNING", "ready": null, "address": "h:2222"}],
                 "progress": %s, "startEta": null}
                """.formatted(state, progress);
    }

    /** A running job as a server from before progress reports shows it: no {@code progress}, no {@code startEta}. */
    static final String OLD_SERVER_RUNNING_JOB = """
            {"id": "job-1", "name": "mnist", "team": "ml", "state": "RUNNING", "reason": null, "queuePosition": null,
             "revision": 1, "outputDir": "/out", "submittedAt": "2026-03-05T09:40:00Z", "runSeconds": 900,
             "tasks": [{"name": "chief-0", "attempt": 0, "state": "RUNNING", "address": "h:2222"}]}
            """;

    static final String OLD_SERVER_QUEUED_JOB = """
            {"id": "job-2", "name": "resnet", "team": "ml", "state": "QUEUED", "reason": "needs 4 gpus, 2 free",
             "queuePosition": 3, "revision": 1, "outputDir": "/out", "submittedAt": "2026-03-05T09:50:00Z",
             "tasks": []}
            """;

    /** {@code GET /api/v1/jobs/{id}} of a QUEUED job; {@code eta} null: unknown. */
    static String queuedJob(String eta, String reason) {
        return """
                {"id": "job-2", "name": "resnet", "team": "ml", "state": "QUEUED", "reason": "needs 4 gpus, 2 free",
                 "queuePosition": 3, "revision": 1, "outputDir": "/out", "submittedAt": "2026-03-05T09:50:00Z",
                 "updatedAt": "2026-03-05T09:50:01Z", "endedAt": null, "spec": {}, "cpuHours": null,
                 "gpuHours": null, "tensorboardUrl": null, "runSeconds": null, "tasks": [],
                 "progress": null, "startEta": {"position": 3, "eta": %s, "reason": "%s"}}
                """.formatted(eta == null ? "null" : "\"" + eta + "\"", reason);
    }

    /** {@code GET /api/v1/jobs?ended=false}: a running job (progress without scalars), one with none yet, a queued one. */
    static final String LIVE_JOBS = """
            [{"id": "job-1", "name": "mnist", "team": "ml", "state": "RUNNING", "reason": null, "queuePosition": null,
              "revision": 1, "outputDir": "/out", "submittedAt": "2026-03-05T09:40:00Z",
              "progress": {"task": "chief-0", "attempt": 0, "source": "tensorboard", "step": 1200, "totalSteps": 3000,
                           "fraction": 0.4, "stepsPerSecond": 85.2, "checkpointStep": 1000,
                           "checkpointAt": "2026-03-05T09:57:50Z", "observedAt": "2026-03-05T09:59:58Z",
                           "finishEta": "2026-03-05T10:04:12Z",
                           "gpuHours": {"used": 0.5, "projected": 1.2, "teamRemaining": 3.0, "warning": null}},
              "startEta": null},
             {"id": "job-3", "name": "bert", "team": "nlp", "state": "LAUNCHING", "reason": null, "queuePosition": null,
              "revision": 1, "outputDir": "/out3", "submittedAt": "2026-03-05T09:45:00Z",
              "progress": null, "startEta": null},
             {"id": "job-2", "name": "resnet", "team": "ml", "state": "QUEUED", "reason": "needs 4 gpus, 2 free",
              "queuePosition": 2, "revision": 1, "outputDir": "/out2", "submittedAt": "2026-03-05T09:50:00Z",
              "progress": null, "startEta": {"position": 2, "eta": null, "reason": "job xyz it waits for reports no progress"}}]
            """;

    /** {@code GET /api/v1/queue}, ordered by position. */
    static final String QUEUE = """
            {"jobs": [
              {"id": "job-4", "name": "gan", "team": "nlp", "priority": 5, "state": "QUEUED", "position": 1,
               "reason": "needs 8 gpus, 2 free", "submittedAt": "2026-03-05T09:55:00Z",
               "startEta": {"position": 1, "eta": "2026-03-05T10:04:12Z", "reason": "waits for job job-1 (finish ETA 10:04)"}},
              {"id": "job-2", "name": "resnet", "team": "ml", "priority": 0, "state": "QUEUED", "position": 2,
               "reason": "needs 4 gpus, 2 free", "submittedAt": "2026-03-05T09:50:00Z",
               "startEta": {"position": 2, "eta": null, "reason": "job xyz it waits for reports no progress"}}]}
            """;
}
