package io.mesoflow.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** job-api settings. */
@ConfigMapping(prefix = "mesoflow.api")
public interface ApiConfig {
    /**
     * The output root: team {@code T}'s jobs write under {@code <root>/T} (unless
     * {@code outputs.team-roots} says otherwise); one without an {@code outputDir} writes to
     * {@code <root>/T/<jobId>}.
     */
    @WithDefault("${user.home}/.mesoflow/outputs")
    String defaultOutputRoot();

    /** Largest page {@code GET /api/v1/jobs} returns. */
    @WithDefault("100")
    int maxPageSize();

    /** Task logs. */
    Logs logs();

    /** Finished jobs' history. */
    History history();

    /** Where jobs may write. */
    Outputs outputs();

    /** Which local files jobs may fetch as artifacts. */
    Artifacts artifacts();

    /** How fast each team may submit jobs (per job-api instance). */
    RateLimit rateLimit();

    /** The local secret store admins manage through the API. */
    Secrets secrets();

    /** Training progress read from {@code mesoflow.progress}. */
    Progress progress();

    /** The web console. */
    Console console();

    /** GPU-hour budgets: the warning threshold. */
    Budget budget();

    interface Budget {
        /**
         * The share of a team's GPU-hour budget (0..1) at which {@code GpuBudgetThresholdReached}
         * is raised once and the API shows a notice.
         */
        @WithDefault("0.9")
        double warningThreshold();

        /** How often every team's usage is checked against the threshold. */
        @WithDefault("30s")
        java.time.Duration checkInterval();
    }

    interface Console {
        /**
         * When the login cookie is marked {@code Secure}: {@code auto} (the default) when the request
         * came over HTTPS to job-api or to the proxy in front of it ({@code X-Forwarded-Proto: https}
         * or {@code Forwarded: proto=https}); {@code true} always (set it behind a TLS-terminating
         * proxy that sends neither header).
         */
        @WithDefault("auto")
        SecureCookie secureCookie();

        enum SecureCookie {
            AUTO, TRUE
        }
    }

    interface Progress {
        /** Points kept per job and scalar tag; over it, every other point of the older half is dropped. */
        @WithDefault("500")
        int maxPointsPerTag();

        /** Scalar tags taken from one progress record (by name; the rest of that record's tags are skipped). */
        @WithDefault("64")
        int maxTagsPerRecord();
    }

    interface Secrets {
        /**
         * The directory of the embedded default's encrypted secret store (the same one secrets-svc
         * reads {@code local:} sources from). No default: without it {@code /api/v1/secrets} answers
         * 409 (in production secrets live in Vault and are managed there).
         */
        Optional<String> localDir();
    }

    interface Outputs {
        /** Teams whose output root is not {@code <default-output-root>/<team>}: team to folder. None by default. */
        Map<String, String> teamRoots();

        /**
         * Per team, the remote output locations ({@code hdfs://}, {@code gs://}, {@code s3://}, ...)
         * its jobs may write under, e.g. {@code remote-prefixes.ml=hdfs://nn/ml/,s3://bucket/ml/}.
         * None by default: remote outputs are refused.
         */
        Map<String, List<String>> remotePrefixes();
    }

    interface Artifacts {
        /**
         * Folders whose files may be {@code file://} artifacts (resolved, symbolic links followed).
         * None by default: only {@code http://} and {@code https://} artifacts are accepted.
         */
        Optional<List<String>> roots();
    }

    /** Container images ({@code image} of a job or role). */
    Images images();

    interface Images {
        /**
         * Whether specs may name a container image. True for Mesos (the Mesos containerizer runs it);
         * a deployment whose tasks run on the local backend sets it false, so an image is refused
         * with a problem naming the field instead of being ignored.
         */
        @WithDefault("true")
        boolean allowed();
    }

    interface RateLimit {
        /** Sustained job submissions per second per team (a token bucket; 0 or less: no limit). */
        @WithDefault("50")
        double submissionsPerSecond();

        /** Submissions a team may make at once before the rate applies (the bucket's size). */
        @WithDefault("200")
        int burst();

        /** Teams with their own rate or burst, e.g. {@code teams.ci.burst=500}. */
        Map<String, Team> teams();

        interface Team {
            OptionalDouble submissionsPerSecond();

            OptionalInt burst();
        }
    }

    interface Logs {
        /**
         * Base URL of the service that serves task sandboxes with the Mesos agent
         * {@code /files/read} API, for attempts whose status names no agent endpoint. On Mesos every
         * status names its agent's own endpoint (from the agent's offers), so this is only the
         * fallback ({@code {hostname}} is replaced by the task's host, e.g. {@code http://{hostname}:5051});
         * the default is the launcher's local backend.
         */
        @WithDefault("http://127.0.0.1:8083")
        String filesUrl();

        /** How often a followed log is polled. */
        @WithDefault("500ms")
        Duration followInterval();
    }

    interface History {
        /** Jobs that ended longer ago than this are deleted with their revisions, attempts and events. */
        @WithDefault("30d")
        Duration retention();

        /** How often old jobs are pruned. */
        @WithDefault("1h")
        Duration pruneInterval();
    }
}
