package io.mesoflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.testing.LocalStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in training job the end-to-end tests run ({@code examples/ps-training/train.py}) on a
 * slow host: its table tests of when a peer is asked again ({@code test_train.py}), and a chief whose
 * parameter server never answers, which gives up after {@code peer_timeout_secs} with exit code 75
 * (EX_TEMPFAIL) and says why, instead of a traceback. A second or two in all.
 */
class PsTrainingExampleTest {
    static final Path EXAMPLE = LocalStack.repositoryRoot().resolve("examples/ps-training");

    @TempDir
    Path sandbox;

    @Test
    void itsPythonTableTestsPass() throws Exception {
        Result result = run(List.of("python3", "-m", "unittest", "-q", "test_train"), EXAMPLE, Map.of());
        assertThat(result.exit()).as(result.output()).isZero();
    }

    @Test
    void aChiefWhoseParameterServerNeverAnswersGivesUpWithTheTemporaryFailureCodeAndSaysWhy() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once closed
        }
        String tfConfig = "{\"cluster\":{\"chief\":[\"127.0.0.1:1\"],\"ps\":[\"127.0.0.1:" + closed + "\"]},"
                + "\"task\":{\"type\":\"chief\",\"index\":0}}";
        Result result = run(List.of("python3", EXAMPLE.resolve("train.py").toString()), sandbox, Map.of(
                "TF_CONFIG", tfConfig, "MESOFLOW_TASK", "chief-0", "MESOFLOW_OUTPUT_DIR", sandbox.resolve("out").toString(),
                "MESOFLOW_JOB_CONTEXT", "{\"peer_timeout_secs\": 1}"));
        assertThat(result.exit()).as(result.output()).isEqualTo(75);
        assertThat(result.output()).contains("waiting for 127.0.0.1:" + closed + "/: URLError")
                .contains("giving up: a peer did not answer").doesNotContain("Traceback");
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
