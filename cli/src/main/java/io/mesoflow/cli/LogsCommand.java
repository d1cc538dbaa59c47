package io.mesoflow.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mesoflow logs ID TASK [-f]}: a task's stdout (or stderr) from its sandbox. */
@Command(name = "logs", description = "Print a task's output; -f follows it until the task ends.")
class LogsCommand implements Callable<Integer> {
    @ParentCommand
    Mesoflow parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "the job id")
    String id;

    @Parameters(index = "1", description = "the task, e.g. worker-0, ps-0, chief-0")
    String task;

    @Option(names = {"-f", "--follow"}, description = "keep printing new output until the task ends")
    boolean follow;

    @Option(names = "--stderr", description = "stderr instead of stdout")
    boolean stderr;

    @Option(names = "--attempt", description = "an earlier attempt (default: the latest)")
    Integer attempt;

    @Option(names = "--tail", defaultValue = "65536", description = "start this many bytes from the end (default ${DEFAULT-VALUE})")
    long tail;

    @Override
    public Integer call() {
        String path = "/api/v1/jobs/" + enc(id) + "/tasks/" + enc(task) + "/logs?stream=" + (stderr ? "stderr" : "stdout")
                + "&tail=" + tail + (attempt == null ? "" : "&attempt=" + attempt) + (follow ? "&follow=true" : "");
        PrintWriter writer = spec.commandLine().getOut();
        writer.flush();
        parent.client().stream(path, new WriterStream(writer));
        writer.flush();
        return ExitCodes.OK;
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
