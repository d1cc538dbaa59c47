package io.mesoflow.testing.mesos;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An agent's {@code GET /files/read?path=&offset=&length=}. Guarantees: {@code path} is the
 * virtual sandbox path {@code /frameworks/<fid>/executors/<eid>/runs/<latest|container id>/...}
 * (why: the path a real agent attaches for each run, with {@code latest} pointing at the newest)
 * or the real path under the agent's work dir; the answer is {@code {"data": ..., "offset": N}};
 * {@code offset=-1} answers no data and the file's size; {@code length} -1 or absent reads to the
 * end; 400 without {@code path}; 404 for anything else, including paths leaving the sandboxes.
 */
final class FilesEndpoint {
    private final Path root;

    /** {@code root}: {@code <workDir>/slaves/<agentId>}. */
    FilesEndpoint(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "text/plain", "");
                return;
            }
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            String path = q.get("path");
            if (path == null || path.isBlank()) {
                reply(exchange, 400, "text/plain", "Expecting 'path=value' in query.");
                return;
            }
            long offset;
            long length;
            try {
                offset = Long.parseLong(q.getOrDefault("offset", "0"));
                length = Long.parseLong(q.getOrDefault("length", "-1"));
            } catch (NumberFormatException e) {
                reply(exchange, 400, "text/plain", "Failed to parse offset or length");
                return;
            }
            Path file = resolve(path);
            if (file == null) {
                reply(exchange, 404, "text/plain", "");
                return;
            }
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long size = in.length();
                if (offset < 0) {
                    reply(exchange, 200, "application/json", "{\"data\":\"\",\"offset\":" + size + "}");
                    return;
                }
                long start = Math.min(offset, size);
                int n = (int) Math.min(length < 0 ? size - start : Math.min(length, size - start), 64L << 20);
                byte[] bytes = new byte[n];
                in.seek(start);
                in.readFully(bytes);
                reply(exchange, 200, "application/json", "{\"data\":" + json(new String(bytes, StandardCharsets.UTF_8))
                        + ",\"offset\":" + start + "}");
            }
        }
    }

    /** The file a path names, or null when there is none inside this agent's sandboxes. */
    Path resolve(String path) throws IOException {
        Path file = path.startsWith("/frameworks/") ? root.resolve(path.substring(1)).normalize()
                : Path.of(path).toAbsolutePath().normalize();
        if (!file.startsWith(root)) {
            return null;
        }
        try {
            Path real = file.toRealPath();
            return real.startsWith(root.toRealPath()) && Files.isRegularFile(real) ? real : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
