package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** StepRate, TotalSteps and the finish ETA, as tables. */
class ProgressMathTest {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** readings: step@seconds, space separated. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "                                 | null",
        "100@0                            | null",
        "100@0 200@10                     | 10.0",
        "100@0 200@10 400@20              | 15.0",
        "100@0 200@10 200@10              | 10.0",   // a repeated reading changes nothing
        "100@0 200@10 150@5               | 10.0",   // an older time is ignored
        "500@0 600@10 50@20 150@30        | 10.0",   // restarted lower: starts afresh
        "500@0 600@10 50@20               | null",   // one reading since the restart
        "0@0 1000@10 1100@200 1200@210    | 10.0",   // only the last 2 minutes count
        "100@0 100@10                     | 0.0",    // stalled
    })
    void stepRate(String readings, Double perSecond) {
        StepRate rate = new StepRate(Duration.ofMinutes(2), 64);
        if (readings != null) {
            for (String reading : readings.trim().split("\\s+")) {
                String[] parts = reading.split("@");
                rate.add(Long.parseLong(parts[0]), T0.plusSeconds(Long.parseLong(parts[1])));
            }
        }
        assertThat(rate.perSecond()).isEqualTo(perSecond);
    }

    /** context as key=value pairs. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "                                        | null",
        "max_steps=600                           | 600",
        "total_steps=900 max_steps=600           | 900",
        "train_steps=300                         | 300",
        "max_steps=600 train_steps=300           | 600",
        "epochs=5 steps_per_epoch=40             | 200",
        "epochs=5                                | null",
        "max_steps='700'                         | 700",
        "max_steps=600.0                         | 600",
        "max_steps=0 epochs=2 steps_per_epoch=3  | 6",
        "max_steps=-5                            | null",
        "max_steps=1.5                           | null",
        "max_steps=lots                          | null",
    })
    void totalSteps(String context, Long total) {
        Map<String, Object> values = new HashMap<>();
        if (context != null) {
            for (String pair : context.trim().split("\\s+")) {
                String[] kv = pair.split("=");
                values.put(kv[0], kv[1].startsWith("'") ? kv[1].replace("'", "")
                        : kv[1].matches("-?\\d+") ? (Object) Long.valueOf(kv[1])
                        : kv[1].matches("-?[\\d.]+") ? (Object) Double.valueOf(kv[1]) : kv[1]);
            }
        }
        assertThat(TotalSteps.of(values)).isEqualTo(total);
    }

    @ParameterizedTest(name = "step {0} of {1} at {2}/s -> +{3}s")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "100  | 1000 | 10.0 | 90",
        "1000 | 1000 | 10.0 | 0",
        "1200 | 1000 | 10.0 | 0",
        "100  | null | 10.0 | null",
        "100  | 1000 | null | null",
        "100  | 1000 | 0.0  | null",
        "0    | 3    | 2.0  | 1.5",
    })
    void finishEta(long step, Long total, Double rate, Double seconds) {
        Instant eta = TotalSteps.finishEta(T0, step, total, rate);
        assertThat(eta).isEqualTo(seconds == null ? null : T0.plusMillis(Math.round(seconds * 1000)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "chief-0 ps-0 worker-0 worker-1 | chief-0",
        "ps-0 worker-0 worker-1         | worker-0",
        "worker-1 worker-0              | worker-0",
        "chief-1 worker-0               | null",    // a chief job whose chief-0 is unknown
        "evaluator-0 ps-0               | null",
    })
    void reportingTask(String tasks, String expected) {
        assertThat(ReportingTask.of(List.of(tasks.trim().split("\\s+"))).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "run \"{0}\" counts: {1}")
    @CsvSource(delimiter = '|', value = {
        "''              | true",
        "train           | true",
        "logs/train      | true",
        "eval            | false",
        "eval_0          | false",
        "validation      | false",
        "Validation      | false",
        "test            | false",
        "logs/validation | false",
        "evaluator/x     | false",
    })
    void evaluationRunsDoNotCountForTheStep(String run, boolean counts) {
        assertThat(RunNames.countsForStep(run)).isEqualTo(counts);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "''         | loss | loss",
        "train      | loss | train/loss",
        "logs/eval  | acc  | logs/eval/acc",
    })
    void tagsAreNamedByTheirRun(String run, String tag, String expected) {
        assertThat(RunNames.tag(run, tag)).isEqualTo(expected);
    }
}
