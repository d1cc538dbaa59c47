package io.mesoflow.testing.mesos;

import static io.mesoflow.testing.mesos.Launches.accept;
import static io.mesoflow.testing.mesos.Launches.launch;
import static io.mesoflow.testing.mesos.Launches.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mesoflow.testing.TaskProcesses;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/** Simulated agents run accepted tasks as local processes and report them as a real agent does. */
class AgentTasksTest extends ClusterFixture {

    private final java.util.Set<String> used = new java.util.HashSet<>();

    /** Launches the task on the agent's next unused offer, leaving the rest unfiltered (refuse 0 s). */
    void run(String agentId, Protos.TaskInfo.Builder task) throws Exception {
        Protos.Offer offer = scheduler.await(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffersList()
                .stream().anyMatch(o -> o.getAgentId().getValue().equals(agentId) && !used.contains(o.getId().getValue())),
                WAIT).getOffers().getOffersList().stream().filter(o -> o.getAgentId().getValue().equals(agentId)
                && !used.contains(o.getId().getValue())).findFirst().orElseThrow();
        used.add(offer.getId().getValue());
        assertThat(scheduler.post(accept(List.of(offer), 0, launch(scheduler.frameworkId(), task)))).isEqualTo(202);
    }

    @Test
    void twoAcceptsOnePerAgentRunTheirTasksAndStdoutIsReadableThroughTheAgentsFilesApi() throws Exception {
        SimulatedAgent a1 = agent(1);
        agent(2);
        subscribe();

        run("a1", task("t1", "a1", "echo hi; sleep 1", 1, 64));
        run("a2", task("t2", "a2", "echo hi; sleep 1", 1, 64));

        for (String t : List.of("t1", "t2")) {
            scheduler.awaitStatus(t, TaskState.TASK_FINISHED, WAIT);
            assertThat(scheduler.statuses(t)).extracting(TaskStatus::getState)
                    .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
        }
        TaskStatus done = scheduler.awaitStatus("t1", TaskState.TASK_FINISHED, WAIT);
        assertThat(done.getMessage()).isEqualTo("Command exited with status 0");
        assertThat(done.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(done.getAgentId().getValue()).isEqualTo("a1");
        assertThat(done.getExecutorId().getValue()).isEqualTo("t1.executor");
        assertThat(done.getUuid().isEmpty()).isFalse();
        assertThat(done.getContainerStatus().getContainerId().getParent().getValue()).isNotEmpty();
        String path = "/frameworks/" + scheduler.frameworkId() + "/executors/t1.executor/runs/latest/tasks/t1/stdout";
        HttpResponse<String> stdout = read(a1, path, 0);
        assertThat(stdout.statusCode()).isEqualTo(200);
        assertThat(stdout.body()).isEqualTo("{\"data\":\"hi\\n\",\"offset\":0}");
        assertThat(read(a1, path, -1).body()).isEqualTo("{\"data\":\"\",\"offset\":3}");
        String byContainer = path.replace("latest", done.getContainerStatus().getContainerId().getParent().getValue());
        assertThat(read(a1, byContainer, 1).body()).isEqualTo("{\"data\":\"i\\n\",\"offset\":1}");
        assertThat(read(a1, path.replace("t1/stdout", "t1/../../../../../../../../etc/passwd"), 0).statusCode())
                .isEqualTo(404);
        assertThat(read(a1, path.replace("t1.executor", "nope"), 0).statusCode()).isEqualTo(404);
        assertThat(a1.sandbox("t1")).endsWith(Path.of("tasks", "t1"));
    }

    @Test
    void aKillGivesKillingThenKilledAndTheProcessIsGoneEvenIfItIgnoresSigterm() throws Exception {
        master.killGracePeriod(Duration.ofMillis(500));
        SimulatedAgent a1 = agent(1);
        subscribe();
        run("a1", task("polite", "a1", "sleep 60", 1, 64));
        scheduler.awaitStatus("polite", TaskState.TASK_RUNNING, WAIT);
        run("a1", task("stubborn", "a1", "trap '' TERM; sleep 60 & wait; sleep 60", 1, 64));
        scheduler.awaitStatus("stubborn", TaskState.TASK_RUNNING, WAIT);
        SchedulerClient.sleep(300);

        scheduler.post(Launches.kill("polite", "a1"));
        scheduler.post(Launches.kill("stubborn", "a1"));

        TaskStatus polite = scheduler.awaitStatus("polite", TaskState.TASK_KILLED, WAIT);
        assertThat(polite.getMessage()).isEqualTo("Command terminated with signal Terminated");
        TaskStatus stubborn = scheduler.awaitStatus("stubborn", TaskState.TASK_KILLED, WAIT);
        assertThat(stubborn.getMessage()).isEqualTo("Command terminated with signal Killed");
        for (String t : List.of("polite", "stubborn")) {
            assertThat(scheduler.statuses(t)).extracting(TaskStatus::getState).containsSubsequence(
                    TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_KILLED);
            assertThat(TaskProcesses.runningIn(a1.sandbox(t))).isEmpty();
        }
        assertThat(a1.runningTasks()).isEmpty();
    }

    @Test
    void aKillPolicyInTheKillReplacesTheAgentsGracePeriodSigtermFirstSigkillWhenItIsOver() throws Exception {
        master.killGracePeriod(Duration.ofSeconds(60));
        SimulatedAgent a1 = agent(1);
        subscribe();
        run("a1", task("stubborn", "a1", "trap 'echo got TERM; date +%s%N > term' TERM; sleep 60 & wait; sleep 60",
                1, 64));
        scheduler.awaitStatus("stubborn", TaskState.TASK_RUNNING, WAIT);
        SchedulerClient.sleep(300);

        long sent = System.nanoTime();
        scheduler.post(Launches.kill("stubborn", "a1", Duration.ofMillis(700)));

        TaskStatus killed = scheduler.awaitStatus("stubborn", TaskState.TASK_KILLED, WAIT);
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertThat(killed.getMessage()).isEqualTo("Command terminated with signal Killed");
        assertThat(tookMs).isBetween(600L, 10_000L); // the policy's 0.7 s, not the agent's 60 s
        assertThat(a1.killGrace("stubborn")).isEqualTo(Duration.ofMillis(700));
        assertThat(Files.readString(a1.sandbox("stubborn").resolve("stdout"))).contains("got TERM");
    }

    @Test
    void aCrashedProcessFailsWithSignalKilledAndANonZeroExitWithItsStatus() throws Exception {
        SimulatedAgent a1 = agent(1);
        subscribe();
        run("a1", task("crash", "a1", "sleep 60", 1, 64));
        run("a1", task("exit3", "a1", "exit 3", 1, 64));
        scheduler.awaitStatus("crash", TaskState.TASK_RUNNING, WAIT);

        a1.kill9("crash");

        TaskStatus crashed = scheduler.awaitStatus("crash", TaskState.TASK_FAILED, WAIT);
        assertThat(crashed.getMessage()).isEqualTo("Command terminated with signal Killed");
        assertThat(crashed.getReason()).isEqualTo(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED);
        TaskStatus exit3 = scheduler.awaitStatus("exit3", TaskState.TASK_FAILED, WAIT);
        assertThat(exit3.getMessage()).isEqualTo("Command exited with status 3");
        assertThat(exit3.getReason()).isEqualTo(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED);
    }

    @Test
    void urisAreFetchedIntoTheSandboxExtractedAndMadeExecutableAndAFetchFailureFailsTheLaunch() throws Exception {
        Path zip = work.resolve("job.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("pkg/run.sh"));
            out.write("echo from-zip\n".getBytes());
        }
        Files.createDirectories(work.resolve("t"));
        Files.writeString(work.resolve("t/inner.txt"), "from-tar\n");
        assertThat(new ProcessBuilder("tar", "czf", work.resolve("data.tgz").toString(), "-C", work.resolve("t").toString(),
                "inner.txt").start().waitFor()).isZero();
        Path tool = Files.writeString(work.resolve("tool"), "#!/bin/bash\necho from-tool\n");
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/model.txt", x -> {
            byte[] body = "from-http\n".getBytes();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        web.start();
        SimulatedAgent a1 = agent(1);
        subscribe();
        String shell = "bash pkg/run.sh && cat inner.txt && bin/tool && cat model.txt";

        run("a1", task("fetch", "a1", shell, 1, 64).setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue(shell)
                        .addUris(uri("http://127.0.0.1:" + web.getAddress().getPort() + "/model.txt?v=1"))
                        .addUris(uri(zip.toUri().toString()).setExtract(true))
                        .addUris(uri(work.resolve("data.tgz").toString()).setExtract(true))
                        .addUris(uri(tool.toString()).setExecutable(true).setOutputFile("bin/tool"))));
        run("a1", task("nofile", "a1", "true", 1, 64).setCommand(Protos.CommandInfo.newBuilder().setShell(true)
                .setValue("true").addUris(uri("file:///no/such/file.zip"))));

        scheduler.awaitStatus("fetch", TaskState.TASK_FINISHED, WAIT);
        web.stop(0);
        assertThat(Files.readString(a1.sandbox("fetch").resolve("stdout")))
                .isEqualTo("from-zip\nfrom-tar\nfrom-tool\nfrom-http\n");
        TaskStatus failed = scheduler.awaitStatus("nofile", TaskState.TASK_FAILED, WAIT);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("Failed to fetch 'file:///no/such/file.zip'");
    }

    @Test
    void aSecretVolumeExistsOnlyOnAnAgentWithSecretVolumesWhileEnvironmentSecretsWorkEverywhere() throws Exception {
        SimulatedAgent withIsolator = master.addAgent(AgentSpec.of("s1", "127.0.0.2", work).withSecretVolumes(true));
        SimulatedAgent without = agent(2);
        subscribe();
        String shell = "cat keys/token 2>/dev/null || echo absent; echo env=$TOKEN task=$MESOS_TASK_ID"
                + " fw=$MESOS_FRAMEWORK_ID agent=$MESOS_AGENT_ENDPOINT sandbox=$MESOS_SANDBOX";

        for (String agent : List.of("s1", "a2")) {
            run(agent, task("sec-" + agent, agent, shell, 1, 64).setCommand(Protos.CommandInfo.newBuilder()
                            .setShell(true).setValue(shell).setEnvironment(Protos.Environment.newBuilder()
                                    .addVariables(Protos.Environment.Variable.newBuilder().setName("TOKEN")
                                            .setType(Protos.Environment.Variable.Type.SECRET).setSecret(secret("e-val")))))
                    .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
                            .addVolumes(Protos.Volume.newBuilder().setMode(Protos.Volume.Mode.RO).setContainerPath("keys/token")
                                    .setSource(Protos.Volume.Source.newBuilder().setType(Protos.Volume.Source.Type.SECRET)
                                            .setSecret(secret("f-val"))))));
            scheduler.awaitStatus("sec-" + agent, TaskState.TASK_FINISHED, WAIT);
        }

        Path s1 = withIsolator.sandbox("sec-s1");
        assertThat(Files.readString(s1.resolve("stdout"))).isEqualTo("f-valenv=e-val task=sec-s1 fw="
                + scheduler.frameworkId() + " agent=127.0.0.2:" + withIsolator.port() + " sandbox=" + s1 + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s1.resolve("keys/token"))))
                .isEqualTo("r--------");
        assertThat(Files.readString(without.sandbox("sec-a2").resolve("stdout"))).startsWith("absent\nenv=e-val ");
        assertThat(without.sandbox("sec-a2").resolve("keys/token")).doesNotExist();
    }

    @Test
    void aTaskWithADockerImageRunsOnlyOnAnAgentThatRunsImages() throws Exception {
        master.addAgent(AgentSpec.of("i1", "127.0.0.2", work).withImages(true));
        agent(2);
        subscribe();
        Protos.ContainerInfo.Builder image = Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
                .setMesos(Protos.ContainerInfo.MesosInfo.newBuilder().setImage(Protos.Image.newBuilder()
                        .setType(Protos.Image.Type.DOCKER).setDocker(Protos.Image.Docker.newBuilder()
                                .setName("tensorflow/tensorflow:2.21.0"))));

        run("i1", task("in-image", "i1", "true", 1, 64).setContainer(image));
        run("a2", task("no-runtime", "a2", "true", 1, 64).setContainer(image));

        scheduler.awaitStatus("in-image", TaskState.TASK_FINISHED, WAIT);
        TaskStatus failed = scheduler.awaitStatus("no-runtime", TaskState.TASK_FAILED, WAIT);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("Unsupported container image type: DOCKER");
    }

    @Test
    void aCachedArchiveLeavesOnlyWhatItHoldsInTheSandbox() throws Exception {
        Files.createDirectories(work.resolve("c"));
        Files.writeString(work.resolve("c/inner.txt"), "x");
        for (String name : List.of("cached.tgz", "direct.tgz")) {
            assertThat(new ProcessBuilder("tar", "czf", work.resolve(name).toString(), "-C", work.resolve("c").toString(),
                    "inner.txt").start().waitFor()).isZero();
        }
        SimulatedAgent a1 = agent(1);
        subscribe();

        run("a1", task("f", "a1", "true", 1, 64).setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue("true")
                .addUris(uri(work.resolve("cached.tgz").toString()).setExtract(true).setCache(true))
                .addUris(uri(work.resolve("direct.tgz").toString()).setExtract(true))));

        scheduler.awaitStatus("f", TaskState.TASK_FINISHED, WAIT);
        assertThat(a1.sandbox("f").resolve("inner.txt")).exists();
        assertThat(a1.sandbox("f").resolve("cached.tgz")).doesNotExist();
        assertThat(a1.sandbox("f").resolve("direct.tgz")).exists();
    }

    @Test
    void anUnacknowledgedUpdateIsResentAndTheTasksNextUpdateIsHeldUntilItIsAcknowledged() throws Exception {
        master.ackRetry(Duration.ofMillis(400));
        agent(1);
        subscribe();
        scheduler.autoAck(false);

        run("a1", task("t", "a1", "sleep 0.2", 1, 64));

        TaskStatus starting = scheduler.awaitStatus("t", TaskState.TASK_STARTING, WAIT);
        SchedulerClient.sleep(1500);
        assertThat(scheduler.statuses("t")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(s -> assertThat(s).isEqualTo(starting));
        scheduler.acknowledge(starting);
        TaskStatus running = scheduler.awaitStatus("t", TaskState.TASK_RUNNING, WAIT);
        scheduler.acknowledge(running);
        scheduler.acknowledge(scheduler.awaitStatus("t", TaskState.TASK_FINISHED, WAIT));
        assertThat(scheduler.count(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getState()
                == TaskState.TASK_RUNNING)).isEqualTo(1);
    }

    static Protos.CommandInfo.URI.Builder uri(String value) {
        return Protos.CommandInfo.URI.newBuilder().setValue(value);
    }

    static Protos.Secret secret(String value) {
        return Protos.Secret.newBuilder().setType(Protos.Secret.Type.VALUE)
                .setValue(Protos.Secret.Value.newBuilder().setData(ByteString.copyFromUtf8(value))).build();
    }
}
