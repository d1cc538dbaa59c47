package io.mesoflow.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Vault server for tests, following Vault's HTTP API documents for the endpoints MesoFlow uses:
 * <ul>
 *   <li>KV v2 read: {@code GET /v1/<mount>/data/<path>} ({@code data.data}, {@code data.metadata});
 *       404 with {@code {"errors":[]}} for a missing secret;</li>
 *   <li>token lookup: {@code GET /v1/auth/token/lookup-self};</li>
 *   <li>AppRole login: {@code POST /v1/auth/<path>/login} with {@code role_id} and {@code secret_id}.</li>
 * </ul>
 * Every call but login needs a valid {@code X-Vault-Token} (403 {@code permission denied}
 * otherwise); with a namespace set, calls need {@code X-Vault-Namespace}. {@link #seal()} makes
 * it answer 503 {@code Vault is sealed} like a sealed server.
 */
public final class VaultSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Map<String, String>> kv = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final String mount;
    private final String namespace;
    private final String roleId;
    private final String secretId;
    private volatile boolean sealed;
    private volatile String lastNamespaceSeen;

    public VaultSimulator(String mount, String namespace, String roleId, String secretId) throws IOException {
        this.mount = mount;
        this.namespace = namespace;
        this.roleId = roleId;
        this.secretId = secretId;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void put(String path, Map<String, String> data) {
        kv.put(path, Map.copyOf(data));
        versions.merge(path, 1, Integer::sum);
    }

    public String issueToken() {
        String token = "hvs." + UUID.randomUUID();
        tokens.add(token);
        return token;
    }

    public void revokeAllTokens() {
        tokens.clear();
    }

    public void seal() {
        sealed = true;
    }

    public void unseal() {
        sealed = false;
    }

    public int logins() {
        return logins.get();
    }

    public int reads() {
        return reads.get();
    }

    public String lastNamespaceSeen() {
        return lastNamespaceSeen;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (sealed) {
                send(exchange, 503, errors("Vault is sealed"));
                return;
            }
            lastNamespaceSeen = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
            if (namespace != null && !namespace.equals(lastNamespaceSeen)) {
                send(exchange, 403, errors("permission denied"));
                return;
            }
            String path = exchange.getRequestURI().getPath().substring("/v1/".length());
            if (path.startsWith("auth/") && path.endsWith("/login") && exchange.getRequestMethod().equals("POST")) {
                login(exchange);
                return;
            }
            String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            if (token == null || !tokens.contains(token)) {
                send(exchange, 403, errors("permission denied"));
                return;
            }
            if (path.equals("auth/token/lookup-self")) {
                ObjectNode body = JSON.createObjectNode();
                body.putObject("data").put("id", token).put("ttl", 3600).put("renewable", true)
                        .putArray("policies").add("mesoflow");
                send(exchange, 200, body);
                return;
            }
            if (path.startsWith(mount + "/data/") && exchange.getRequestMethod().equals("GET")) {
                read(exchange, path.substring((mount + "/data/").length()));
                return;
            }
            send(exchange, 404, errors());
        }
    }

    private void login(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        if (!roleId.equals(request.path("role_id").asText()) || !secretId.equals(request.path("secret_id").asText())) {
            send(exchange, 400, errors("invalid role or secret ID"));
            return;
        }
        logins.incrementAndGet();
        ObjectNode body = JSON.createObjectNode();
        body.put("request_id", UUID.randomUUID().toString()).put("lease_id", "").put("renewable", false)
                .put("lease_duration", 0).putNull("data").putNull("wrap_info").putNull("warnings");
        ObjectNode auth = body.putObject("auth");
        auth.put("client_token", issueToken()).put("accessor", UUID.randomUUID().toString())
                .put("lease_duration", 3600).put("renewable", true);
        auth.putArray("policies").add("default").add("mesoflow");
        send(exchange, 200, body);
    }

    private void read(HttpExchange exchange, String path) throws IOException {
        reads.incrementAndGet();
        Map<String, String> data = kv.get(path);
        if (data == null) {
            send(exchange, 404, errors());
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("request_id", UUID.randomUUID().toString()).put("lease_id", "").put("renewable", false)
                .put("lease_duration", 0);
        ObjectNode outer = body.putObject("data");
        ObjectNode values = outer.putObject("data");
        data.forEach(values::put);
        outer.putObject("metadata").put("created_time", Instant.now().toString()).put("deletion_time", "")
                .put("destroyed", false).put("version", versions.get(path));
        body.putNull("wrap_info").putNull("warnings").putNull("auth");
        send(exchange, 200, body);
    }

    private static ObjectNode errors(String... messages) {
        ObjectNode body = JSON.createObjectNode();
        var array = body.putArray("errors");
        for (String m : messages) {
            array.add(m);
        }
        return body;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
