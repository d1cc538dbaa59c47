package io.mesoflow.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for job-api: answers every GET with one body and keeps the requested paths and queries. */
final class FakeApi implements AutoCloseable {
    record Run(int code, String out, String err) {
    }

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeApi(String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Runs {@code mesoflow --api <this> args...}. */
    Run run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--api";
        all[1] = "http://127.0.0.1:" + server.getAddress().getPort();
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mesoflow.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
