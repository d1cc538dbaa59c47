package io.mesoflow.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for job-api: answers every GET with one body, or what a function of the requested path
 * and query answers, and keeps the requested paths and queries.
 */
final class FakeApi implements AutoCloseable {
    record Run(int code, String out, String err) {
    }

    /** An HTTP answer: its status and JSON body. */
    record Answer(int status, String body) {
        static Answer ok(String body) {
            return new Answer(200, body);
        }

        static Answer notFound(String detail) {
            return new Answer(404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"" + detail + "\"}");
        }
    }

    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Each request as {@code METHOD uri body}. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeApi(String contentType, String body) throws IOException {
        this(contentType, uri -> Answer.ok(body));
    }

    /** Answers each request with JSON: what {@code answers} gives for its path and query. */
    FakeApi(Function<String, Answer> answers) throws IOException {
        this("application/json", answers);
    }

    private FakeApi(String contentType, Function<String, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            requests.add(uri);
            calls.add(exchange.getRequestMethod() + " " + uri + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer answer = answers.apply(uri);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.status() >= 300 ? "application/problem+json"
                    : contentType);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Runs {@code mesoflow --api <this> args...}. */
    Run run(String... args) {
        return run(Display.plain(java.time.Clock.systemUTC()), args);
    }

    /** Runs {@code mesoflow --api <this> args...} as if its output went to {@code display}. */
    Run run(Display display, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--api";
        all[1] = url();
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mesoflow.run(all, new PrintWriter(out, true), new PrintWriter(err, true), display);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
