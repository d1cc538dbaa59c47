package io.mesoflow.monitor.app;

import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.Topics;
import io.mesoflow.monitor.MonitorConfig;
import io.mesoflow.monitor.core.Action;
import io.mesoflow.monitor.core.JobRecord;
import io.mesoflow.monitor.core.Outcome;
import io.mesoflow.monitor.core.RestartSettings;
import io.mesoflow.monitor.core.SuspendSettings;
import io.mesoflow.service.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Carries out a supervisor's outcome in the current transaction: the new runtime picture, kills
 * (with a suspension's grace and notice) and job states through the outbox, relaunches, the
 * evaluator's grace and a suspension's kill re-send as due times (acted on by
 * {@link MonitorTicker}).
 */
@ApplicationScoped
public class OutcomeApplier {
    private static final Logger LOG = Logger.getLogger(OutcomeApplier.class);

    @Inject
    JobRecords records;

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry metrics;

    @Inject
    MonitorConfig config;

    public RestartSettings restartSettings() {
        return new RestartSettings(config.initialBackoff(), config.maxBackoff(), config.backoffJitter(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public java.time.Duration evaluatorGrace() {
        return config.evaluatorGrace();
    }

    public SuspendSettings suspendSettings() {
        return new SuspendSettings(config.suspend().gracePeriod(), config.suspend().killTimeout());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(JobRecord before, Outcome outcome) {
        String reason = null;
        int stateChanges = 0;
        for (Action action : outcome.actions()) {
            if (action instanceof Action.ChangeJobState change) {
                reason = change.reason();
                stateChanges++;
            }
        }
        Instant stamp = records.save(before, outcome.job(), reason, stateChanges);
        for (Action action : outcome.actions()) {
            if (action instanceof Action.Kill kill) {
                outbox.add(Topics.CONTROL, new KillTaskRequested(before.jobId(), kill.task().name().toString(),
                        kill.task().attempt(), kill.task().taskId(), kill.task().agentId(), kill.reason(),
                        kill.gracePeriodSeconds(), kill.preemptionNotice()));
            } else if (action instanceof Action.CancelRelaunch cancel) {
                records.cancelRelaunch(before.jobId(), cancel.task().name());
            } else if (action instanceof Action.ResendKillsAfter resend) {
                records.resendKillsAt(before.jobId(), Instant.now().plus(resend.after()));
            } else if (action instanceof Action.KeepThenKill keep) {
                records.killDue(before.jobId(), keep.task().name(), Instant.now().plus(config.tensorboardLinger()));
            } else if (action instanceof Action.AwaitEvaluator await) {
                records.evaluatorGraceUntil(before.jobId(), Instant.now().plus(await.grace()));
            } else if (action instanceof Action.Relaunch relaunch) {
                records.relaunchDue(before.jobId(), relaunch.task().name(), Instant.now().plus(relaunch.delay()),
                        relaunch.reason());
                metrics.counter("mesoflow.tasks.relaunched").increment();
            } else if (action instanceof Action.ChangeJobState change) {
                outbox.add(Topics.JOB_STATUS, new JobStatusChanged(before.jobId(), change.state(), change.reason(),
                        null, stamp, change.suspension(), fencedAttempts(change, outcome.job())));
                stamp = stamp.plus(1, ChronoUnit.MICROS);
                LOG.infof("job %s %s: %s", before.jobId(), change.state(), change.reason());
                if (change.state().isTerminal()) {
                    metrics.counter("mesoflow.jobs.ended", "state", change.state().name()).increment();
                }
            }
        }
    }

    /** On SUSPENDED, the fences by task name: placement places the resumed run above them. */
    static Map<String, Integer> fencedAttempts(Action.ChangeJobState change, JobRecord job) {
        if (change.state() != JobState.SUSPENDED || job.suspension() == null) {
            return null;
        }
        Map<String, Integer> fenced = new TreeMap<>();
        job.suspension().fences().forEach((task, attempt) -> {
            if (attempt >= 0) { // -1: no attempt of the task may have launched
                fenced.put(task.toString(), attempt);
            }
        });
        return fenced;
    }
}
