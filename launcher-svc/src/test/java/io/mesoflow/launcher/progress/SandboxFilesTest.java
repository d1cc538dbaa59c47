package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxFilesTest {
    @TempDir
    Path dir;

    @Test
    void aLocalFileIsReadFromTheOffsetForAtMostTheLength() throws IOException {
        Path file = Files.writeString(dir.resolve("progress.jsonl"), "0123456789");

        SandboxFile.Chunk chunk = new LocalSandboxFile().read(file.toString(), 3, 4).orElseThrow();

        assertThat(chunk).isEqualTo(new SandboxFile.Chunk("3456", 3));
        assertThat(new LocalSandboxFile().read(dir.resolve("none").toString(), 0, 4)).isEmpty();
    }

    @Test
    void aLocalFileReachedThroughALinkIsNotRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("other-team"), "{\"step\": 1}\n");
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Files.createSymbolicLink(sandbox.resolve("progress.jsonl"), secret);
        Files.createSymbolicLink(dir.resolve("linked-sandbox"), sandbox);
        Files.writeString(sandbox.resolve("real"), "x");

        assertThat(new LocalSandboxFile().read(sandbox.resolve("progress.jsonl").toString(), 0, 100)).isEmpty();
        assertThat(new LocalSandboxFile().read(dir.resolve("linked-sandbox/real").toString(), 0, 100)).isEmpty();
    }

    @Test
    void anAgentsFileIsReadThroughFilesRead() throws IOException {
        AtomicReference<URI> asked = new AtomicReference<>();
        HttpServer agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/files/read", exchange -> {
            asked.set(exchange.getRequestURI());
            boolean known = exchange.getRequestURI().getQuery().contains("/sb/progress.jsonl");
            byte[] body = "{\"data\": \"{\\\"step\\\": 5}\\n\", \"offset\": 7}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, known ? body.length : -1);
            if (known) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        agent.start();
        try {
            AgentSandboxFile files = new AgentSandboxFile(HttpClient.newHttpClient(),
                    "http://127.0.0.1:" + agent.getAddress().getPort(), Duration.ofSeconds(3));

            SandboxFile.Chunk chunk = files.read("/sb/progress.jsonl", 7, 1024).orElseThrow();

            assertThat(chunk).isEqualTo(new SandboxFile.Chunk("{\"step\": 5}\n", 7));
            assertThat(asked.get().getQuery()).isEqualTo("path=/sb/progress.jsonl&offset=7&length=1024");
            assertThat(files.read("/sb/missing", 0, 10)).isEmpty();
        } finally {
            agent.stop(0);
        }
    }
}
