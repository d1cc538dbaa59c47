package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A task's logs: stdout and stderr in labelled sections by default (TensorFlow writes its progress
 * and tracebacks to stderr), {@code stream=stdout|stderr} for one of them. The sandbox is served by
 * a stand-in for the Mesos agent's {@code /files/read}.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class TaskLogsIT {
    static final String SPEC = """
            {"name": "logs", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"worker": {"count": 1, "cpus": 0.5, "mem": 256}}}
            """;
    static final String STDOUT = "epoch 1\nepoch 2\n";
    static final String STDERR = "Traceback (most recent call last):\nValueError: bad shape\n";

    static TestTopics topics;
    static HttpServer agent;
    /** Sandbox file path to its content. */
    static final Map<String, String> FILES = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        topics = TestTopics.forCurrentTest();
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/files/read", TaskLogsIT::read);
        agent.start();
    }

    @AfterAll
    static void stop() {
        agent.stop(0);
        topics.close();
    }

    /** The Mesos agent's {@code /files/read}: {@code offset=-1} answers the size, else the bytes from offset. */
    static void read(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String content = FILES.get(query.get("path"));
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long offset = Long.parseLong(query.get("offset"));
        ObjectNode body = EventCodec.mapper().createObjectNode();
        if (offset < 0) {
            body.put("data", "").put("offset", bytes.length);
        } else {
            int from = (int) Math.min(offset, bytes.length);
            body.put("data", new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8)).put("offset", from);
        }
        byte[] answer = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestInfra.ADMIN_TOKEN);
    }

    /** A job whose worker-0 ended, its sandbox holding {@code stdout} and {@code stderr}. */
    static String jobWithOutput() {
        String id = admin().contentType("application/json").body(SPEC).post("/api/v1/jobs").then().statusCode(201)
                .extract().path("id");
        String sandbox = "/sandboxes/" + id + "/worker-0/0";
        FILES.put(sandbox + "/stdout", STDOUT);
        FILES.put(sandbox + "/stderr", STDERR);
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, "worker-0", 0, id + ".worker-0.0", TaskState.FAILED)
                .withExitCode(1).onAgent("agent-1", "127.0.0.1", List.of(2222))
                .withSandbox(sandbox, "http://127.0.0.1:" + agent.getAddress().getPort()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id).then()
                .body("tasks[0].state", equalTo("FAILED")));
        return id;
    }

    static String logs(String id) {
        return "/api/v1/jobs/" + id + "/tasks/worker-0/logs";
    }

    @Test
    void logsShowStdoutAndStderrInLabelledSectionsByDefault() {
        String id = jobWithOutput();

        admin().get(logs(id)).then().statusCode(200).contentType(startsWith("text/plain"))
                .header("Mesoflow-Log-Offset-Stdout", String.valueOf(STDOUT.length()))
                .header("Mesoflow-Log-Offset-Stderr", String.valueOf(STDERR.length()))
                .body(equalTo("==> stdout <==\n" + STDOUT + "==> stderr <==\n" + STDERR));
        admin().get(logs(id) + "?stream=both&tail=8").then().statusCode(200)
                .body(equalTo("==> stdout <==\nepoch 2\n==> stderr <==\nd shape\n"));
    }

    @Test
    void followingBothStreamsOfAnEndedTaskShowsTheSameSectionsAndEnds() {
        String id = jobWithOutput();

        admin().get(logs(id) + "?follow=true").then().statusCode(200)
                .body(equalTo("==> stdout <==\n" + STDOUT + "==> stderr <==\n" + STDERR));
    }

    @Test
    void theStreamParameterPicksStdoutOrStderrAlone() {
        String id = jobWithOutput();

        admin().get(logs(id) + "?stream=stdout").then().statusCode(200)
                .header("Mesoflow-Log-Offset", String.valueOf(STDOUT.length())).body(equalTo(STDOUT));
        admin().get(logs(id) + "?stream=stderr").then().statusCode(200).body(equalTo(STDERR));
        admin().get(logs(id) + "?stream=stderr&offset=35").then().statusCode(200)
                .body(equalTo(STDERR.substring(35)));
        admin().get(logs(id) + "?stream=stdout&follow=true").then().statusCode(200).body(equalTo(STDOUT));
    }

    @Test
    void aBadStreamIsA400ProblemNamingStream() {
        String id = jobWithOutput();

        admin().get(logs(id) + "?stream=stdin").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("stream"));
        admin().get(logs(id) + "?offset=3").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("offset"));
    }
}
