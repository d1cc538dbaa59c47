package io.mesoflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor: a job's tasks started directly, as a plain launcher would, with nothing between the
 * decision and the process: one sandbox per task with the artifact copied in, the job's entry point
 * with TF_CONFIG and the job context, stdout and stderr to files. Times how long until every process
 * runs (spawned) and until every parameter server accepts connections (ready), then stops them all.
 */
final class PlainLauncher {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Spawn -> all running, spawn -> all ready (ms). */
    record Figures(long running, long ready) {
    }

    private final JsonNode spec;
    private final Path artifact;
    private final String python;

    PlainLauncher(JsonNode spec, Path artifact, String python) {
        this.spec = spec;
        this.artifact = artifact;
        this.python = python;
    }

    Figures run(Path work) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> roles = spec.get("roles").fields(); roles.hasNext(); ) {
            Map.Entry<String, JsonNode> role = roles.next();
            for (int i = 0; i < role.getValue().get("count").asInt(); i++) {
                int port = freePort();
                ports.put(role.getKey() + "-" + i, port);
                cluster.computeIfAbsent(role.getKey(), k -> new ArrayList<>()).add("127.0.0.1:" + port);
            }
        }
        // the sandboxes are laid out before the clock starts, as placement's decision is for MesoFlow
        Map<String, Path> sandboxes = new LinkedHashMap<>();
        for (String task : ports.keySet()) {
            Path sandbox = Files.createDirectories(work.resolve(task).resolve("0"));
            sandboxes.put(task, sandbox);
        }
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (Map.Entry<String, Path> task : sandboxes.entrySet()) {
                Path sandbox = task.getValue();
                Files.copy(artifact, sandbox.resolve(artifact.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                String[] name = task.getKey().split("-");
                ObjectNode tfConfig = JSON.createObjectNode();
                tfConfig.set("cluster", JSON.valueToTree(cluster));
                tfConfig.putObject("task").put("type", name[0]).put("index", Integer.parseInt(name[1]));
                ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", "-c",
                        spec.get("entryPoint").asText().replaceFirst("^python3 ", python + " "))
                        .directory(sandbox.toFile())
                        .redirectOutput(sandbox.resolve("stdout").toFile())
                        .redirectError(sandbox.resolve("stderr").toFile());
                builder.environment().put("TF_CONFIG", tfConfig.toString());
                builder.environment().put("MESOFLOW_TASK", task.getKey());
                builder.environment().put("MESOFLOW_JOB_CONTEXT", spec.get("context").toString());
                builder.environment().put("MESOFLOW_OUTPUT_DIR", work.resolve("output").toString());
                processes.add(builder.start());
            }
            long running = (System.nanoTime() - start) / 1_000_000;
            for (Map.Entry<String, Integer> task : ports.entrySet()) {
                if (task.getKey().startsWith("ps-")) {
                    awaitListening(task.getValue(), processes);
                }
            }
            return new Figures(running, (System.nanoTime() - start) / 1_000_000);
        } finally {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : processes) {
                p.waitFor();
            }
        }
    }

    private static void awaitListening(int port, List<Process> processes) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (processes.stream().anyMatch(p -> !p.isAlive() && p.exitValue() != 0)) {
                    throw new IllegalStateException("a task of the plain launcher failed; see its sandbox's stderr");
                }
                Thread.sleep(2);
            }
        }
        throw new IllegalStateException("port " + port + " not listening after 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
