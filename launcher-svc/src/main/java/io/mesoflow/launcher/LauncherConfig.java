package io.mesoflow.launcher;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** launcher-svc settings. */
@ConfigMapping(prefix = "mesoflow.launcher")
public interface LauncherConfig {
    /** The cluster backend: {@code local} (this machine) or {@code mesos}. */
    @WithDefault("local")
    String backend();

    Local local();

    /**
     * The Unix user every team's tasks run as unless {@code task-users} names another: an
     * unprivileged user (never root), so a task cannot read another team's sandbox, secrets or outputs.
     */
    @WithDefault("mesoflow")
    String taskUser();

    /** Per-team Unix users, {@code task-users."<team>"=<user>}; a team not named runs as {@code task-user}. */
    Map<String, String> taskUsers();

    /** The Mesos backend ({@code backend=mesos}). */
    Mesos mesos();

    /** Python environments that jobs ask for ({@code python} in the spec), on both backends. */
    Environments environments();

    interface Environments {
        /**
         * Where tasks build and keep their Python environments on each agent: one folder per Unix
         * user ({@code <cache>/<user>/py-<digest>}), which only that user may write. The local
         * backend creates the user's folder; on Mesos the agent's operator makes this folder
         * writable (mode 1777, like /tmp). A folder someone else made for a user is refused.
         */
        @WithDefault("/var/cache/mesoflow/envs")
        String cache();

        /** Extra pip options, e.g. {@code --retries 0 --timeout 3} where the default index is unreachable. */
        Optional<String> pipArgs();
    }

    /** How the launcher runs as a Mesos framework. */
    interface Mesos {
        /** The master (any master of the cluster: a non-leading one redirects). */
        @WithDefault("${MESOS_MASTER:http://127.0.0.1:5050}")
        String master();

        @WithDefault("mesoflow")
        String frameworkName();

        /** The role offers are made to (with MULTI_ROLE). */
        @WithDefault("mesoflow")
        String role();

        /**
         * The framework's user (FrameworkInfo.user). Tasks do not run as it: each names its team's
         * user ({@code task-user}, {@code task-users}) in CommandInfo.user.
         */
        @WithDefault("root")
        String user();

        /** The framework principal (also the HTTP basic user when a secret is set). */
        Optional<String> principal();

        /** The principal's secret, for HTTP basic authentication to the master. */
        Optional<String> secret();

        /** How long the master keeps the framework's tasks running while no launcher is subscribed. */
        @WithDefault("7d")
        Duration failoverTimeout();

        /** Ask for GPU offers (the GPU_RESOURCES capability); GPU agents offer nothing without it. */
        @WithDefault("true")
        boolean gpus();

        /** Heartbeat intervals without any event that mean the link is dead. */
        @WithDefault("5")
        int missedHeartbeats();

        /** Implicit reconciliation (of every task) runs this often. */
        @WithDefault("5m")
        Duration reconcileInterval();

        /**
         * A kill whose task has not ended this long (plus the kill's grace period) after it was asked
         * for is sent again (the master delivers a KILL at most once), then after twice as long each
         * time, up to {@link #killRetryMax()}, until the task ends.
         */
        @WithDefault("15s")
        Duration killRetryInitial();

        @WithDefault("5m")
        Duration killRetryMax();

        /**
         * The refusal filter of an ACCEPT: how long the master holds back what the launch left unused
         * on that agent. 0 offers it again at the next allocation, so the next launch there never waits.
         */
        @WithDefault("0s")
        Duration acceptRefuse();

        /**
         * The most calls to the master on their way at once (ACCEPTs, acknowledgements, ...); the
         * others are sent in turn as answers come. Each call in flight holds an HTTP/1.1 connection.
         */
        @WithDefault("16")
        int callsInFlight();

        /**
         * How long a call sent to the master may go unanswered (a master answers within milliseconds:
         * 202 once it has the call); then it fails, frees its slot in its window and is handled as a
         * failed call, except a timed-out ACCEPT, whose tasks are reconciled (the master may have taken it).
         */
        @WithDefault("15s")
        Duration callTimeout();

        /**
         * The most acknowledgements on their way at once, in a window of their own (a launch or a kill
         * never waits behind them); each holds an HTTP/1.1 connection.
         */
        @WithDefault("16")
        int acknowledgementsInFlight();

        /**
         * The most acknowledgements waiting for a slot; one more is dropped (logged at DEBUG), and its
         * agent resends the update after its retry interval (10 s, doubling), which is then acknowledged.
         */
        @WithDefault("10000")
        int acknowledgementsWaiting();

        @WithDefault("1s")
        Duration reconnectInitial();

        @WithDefault("30s")
        Duration reconnectMax();
    }

    /** One active launcher at a time (the others are hot standbys); see docs/scaling.md. */
    Leader leader();

    /**
     * Leader election through a lease row in the launcher's database. A standby takes over at
     * most {@code lease + standby-poll-interval} after the leader's last renewal.
     */
    interface Leader {
        /** How long a renewal holds; a leader that cannot renew within it stops acting. */
        @WithDefault("5s")
        Duration lease();

        /** How often the leader renews its lease (well under {@code lease}). */
        @WithDefault("1s")
        Duration renewInterval();

        /** How often a standby tries to take an expired lease. */
        @WithDefault("500ms")
        Duration standbyPollInterval();

        /** This launcher's name in the lease; default: host name and process id. */
        Optional<String> instanceId();
    }

    /** Training progress read from the running jobs' files and published as JobProgress (leader only). */
    Progress progress();

    /**
     * How the leader reads each running job's progress: TensorBoard event files and checkpoint state
     * files in its output directory (when that is a directory on this host), else {@code progress.jsonl}
     * in the reporting task's sandbox; see docs/configuration.md.
     */
    interface Progress {
        /** Whether progress is read and published at all. */
        @WithDefault("true")
        boolean enabled();

        /** How often each running job is read; at most one JobProgress per job per interval. */
        @WithDefault("5s")
        Duration interval();

        /** The most bytes read per job per poll (event files and progress file together); the rest waits. */
        @WithDefault("4194304")
        long maxBytesPerPoll();

        /** The most scalar points one JobProgress carries (thinned evenly per tag). */
        @WithDefault("100")
        int maxPointsPerEvent();

        /**
         * The most scalar tags kept per job: the first seen; values of any other tag are dropped (and
         * counted), so one JobProgress stays small (job-api takes as many, {@code max-tags-per-record}).
         */
        @WithDefault("64")
        int maxTags();

        /** How many directories below the output directory event files are looked for. */
        @WithDefault("4")
        int maxDepth();

        /** The most entries (files and directories) one walk of an output directory looks at. */
        @WithDefault("2000")
        int maxEntries();

        /** How long an agent's {@code /files/read} may take to answer (Mesos backend). */
        @WithDefault("3s")
        Duration readTimeout();
    }

    /** The key pair secrets are sealed for. */
    Sealing sealing();

    /**
     * Where the launcher's key pair lives: {@code launcher.key} (PKCS#8 PEM, mode 600) and
     * {@code launcher.pub} (X.509 PEM, for secrets-svc). Generated on first start when absent
     * (X25519, the embedded default); in production, provision both files (X25519, or RSA from
     * before sealed-box version 2: both open).
     */
    interface Sealing {
        @WithDefault("${user.home}/.mesoflow/keys")
        String keyDir();
    }

    /** The local backend: this host as one agent. */
    interface Local {
        /** The agent id offers and tasks carry. */
        @WithDefault("local")
        String agentId();

        /** The host name other tasks reach this agent's tasks at (TF_CONFIG addresses). */
        @WithDefault("127.0.0.1")
        String hostname();

        /** CPUs to offer; default: the host's available processors. */
        Optional<Double> cpus();

        /** Memory to offer in MiB; default: the host's physical memory less 1 GiB. */
        Optional<Double> memMb();

        /** Disk to offer in MiB. */
        @WithDefault("102400")
        double diskMb();

        /** GPUs to offer; default: those {@code nvidia-smi} lists (none when it is absent). */
        Optional<Integer> gpus();

        /** Ports to offer, {@code begin-end}. */
        @WithDefault("31000-31999")
        String ports();

        /** Where task sandboxes live: {@code <dir>/<jobId>/<task>/<attempt>}. */
        @WithDefault("${user.home}/.mesoflow/sandboxes")
        String workDir();

        /** How often free resources are offered. */
        @WithDefault("1s")
        Duration offerInterval();

        /**
         * The CPUs of each offer: what is free is offered as several offers of about this size (equal
         * shares of CPUs, memory and disk; each GPU and port in one of them), so placement can place
         * several jobs on one offer cycle, each accepting only the offers it needs. 0 offers everything
         * free as one offer.
         */
        @WithDefault("0")
        double offerSliceCpus();

        /**
         * How many tasks start at once (sandbox, artifact, process); a launch's tasks beyond this wait for
         * a starter. The default starts a gang of up to 8 tasks side by side.
         */
        @WithDefault("8")
        int startThreads();

        /**
         * Whether the tasks of a launch that started are recorded RUNNING in one transaction and reported
         * in one run once the last of them has started (true), or each on its own as it starts (false, the
         * default until FloorBench has measured the first against it).
         */
        @WithDefault("false")
        boolean runningTogether();

        /**
         * Whether a clean stop of the leading launcher kills its tasks (the embedded default: stopping
         * MesoFlow stops its jobs). Set false where a standby should adopt them across a rolling
         * restart; after kill -9 tasks always outlive the launcher and are adopted.
         */
        @WithDefault("true")
        boolean killTasksOnStop();

        /** Time between SIGTERM and SIGKILL when a kill names no grace period of its own. */
        @WithDefault("5s")
        Duration killGracePeriod();

        /**
         * Where artifacts are fetched and unpacked once, to be hard-linked into every sandbox; default
         * {@code <work-dir>/.artifact-cache} (hard links need the sandboxes' file system).
         */
        Optional<String> artifactCache();

        /**
         * How much the artifact cache may hold: after a fetch, the least recently used entries that no
         * unfinished task uses are evicted until it holds no more (e.g. {@code 20G}, {@code 500M}).
         */
        @WithDefault("20G")
        MemorySize artifactCacheMaxSize();

        /**
         * What a launch that names a container image does here, where no container runtime is: {@code reject}
         * fails the task (ERROR, saying so), {@code ignore} runs it on this host and warns once per job.
         */
        @WithDefault("reject")
        ImagePolicy images();
    }

    /** What the local backend does with a task's container image ({@code local.images}). */
    enum ImagePolicy {
        REJECT, IGNORE
    }
}
