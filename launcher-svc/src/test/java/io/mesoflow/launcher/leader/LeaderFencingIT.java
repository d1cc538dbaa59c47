package io.mesoflow.launcher.leader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leader election against the real lease row: a launcher whose lease another took stops acting at once. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class LeaderFencingIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @Inject
    LeaderElector elector;

    @Inject
    LauncherStore store;

    @Inject
    EntityManager entityManager;

    @BeforeAll
    static void setUp() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void tearDown() {
        topics.close();
    }

    @Test
    void aLauncherWhoseLeaseWasTakenStopsActingClaimsNothingAndConsumesOnlyOnceItLeadsAgain() {
        await().atMost(WAIT).until(elector::acting);
        long epoch = elector.epoch();

        setLease("launcher-elsewhere", epoch + 1, "now() + interval '1 hour'");

        await().atMost(Duration.ofSeconds(5)).until(() -> !elector.acting());
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.data.role", hasItem("standby"));
        assertThatThrownBy(() -> store.claim("job-fenced.worker-0.0", "job-fenced", "worker-0", 0, "local", null, null))
                .isInstanceOf(FencedException.class).hasMessageContaining("epoch " + (epoch + 1));
        TaskPlacement task = new TaskPlacement("worker-0", 0, "local", "127.0.0.1", List.of("offer-of-an-old-term"),
                new Resources(0.1, 32, 0, 0), List.of(32090), new LaunchSpec(null, "true", Map.of(), null,
                        Map.of(), List.of()));
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-fenced", 1, List.of(task), List.of()));
        List<TestTopics.Timed> early = topics.readAll(Topics.TASK_STATUS, Duration.ofSeconds(2));
        assertThat(early).as("a standby launches nothing").noneMatch(r -> r.value().contains("job-fenced"));

        setLease("launcher-elsewhere", epoch + 1, "now() - interval '1 second'");

        await().atMost(Duration.ofSeconds(5)).until(elector::acting);
        assertThat(elector.epoch()).isEqualTo(epoch + 2);
        TaskStatusChanged handled = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.jobId().equals("job-fenced"), WAIT);
        assertThat(handled.reason()).as("the launch waited in Kafka for the next term")
                .isEqualTo("REASON_INVALID_OFFERS");
    }

    void setLease(String holder, long epoch, String expires) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE launcher_leader SET holder = ?1, epoch = ?2, expires_at = " + expires + " WHERE id = 1")
                .setParameter(1, holder).setParameter(2, epoch).executeUpdate());
    }
}
