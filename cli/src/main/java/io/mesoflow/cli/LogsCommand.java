package io.mesoflow.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code mesoflow logs ID TASK [-f] [--stream stdout|stderr]}: a task's output from its sandbox,
 * stdout and stderr in labelled sections by default (TensorFlow writes to stderr).
 */
@Command(name = "logs", description = "Print a task's stdout and stderr (labelled sections); -f follows them "
        + "until the task ends.")
class LogsCommand extends JobCommand implements Callable<Integer> {
    static final List<String> STREAMS = List.of("stdout", "stderr", "both");

    @Parameters(index = "1", description = "the task, e.g. worker-0, ps-0, chief-0")
    String task;

    @Option(names = {"-f", "--follow"}, description = "keep printing new output until the task ends")
    boolean follow;

    @Option(names = "--stream", paramLabel = "stdout|stderr", description = "only this one of the task's "
            + "stdout and stderr (default: both, each in a section headed ==> stdout <== or ==> stderr <==)")
    String stream;

    /** The older spelling of {@code --stream stderr}, kept for scripts. */
    @Option(names = "--stderr", hidden = true)
    boolean stderr;

    @Option(names = "--attempt", description = "an earlier attempt (default: the latest)")
    Integer attempt;

    @Option(names = "--tail", defaultValue = "65536", description = "start this many bytes from the end of each "
            + "stream (default ${DEFAULT-VALUE})")
    long tail;

    @Override
    public Integer call() {
        String path = "/api/v1/jobs/" + enc(id) + "/tasks/" + enc(task) + "/logs?stream=" + streamParam()
                + "&tail=" + tail + (attempt == null ? "" : "&attempt=" + attempt) + (follow ? "&follow=true" : "");
        PrintWriter writer = out();
        writer.flush();
        client().stream(path, new WriterStream(writer));
        writer.flush();
        return ExitCodes.OK;
    }

    /** The API's {@code stream} for {@code --stream} and {@code --stderr}: both unless one is picked. */
    private String streamParam() {
        if (stream != null && !STREAMS.contains(stream)) {
            throw new ParameterException(spec.commandLine(), "--stream must be stdout or stderr (default: both), not '"
                    + stream + "'");
        }
        if (stderr && stream != null && !stream.equals("stderr")) {
            throw new ParameterException(spec.commandLine(), "--stderr means --stream stderr, not --stream " + stream);
        }
        return stderr ? "stderr" : stream == null ? "both" : stream;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Bytes to the command's writer, so tests that capture it see the output. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter writer;

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writer.write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
