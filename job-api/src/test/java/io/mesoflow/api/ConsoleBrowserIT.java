package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TaskUsageRecorded;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TfConfig;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.Browser;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real browser (Debian's headless chromium): log in with a token, the jobs
 * list, a job's page with its tasks and TF_CONFIG, a hyperparameter changed into a new revision,
 * cancel, another team seeing nothing of the job, the HttpOnly cookie, and a phone-sized screen.
 * Screenshots of each page go to {@code target/console-screenshots/}.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class ConsoleBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    static final String SPEC = """
            {"name": "console-mnist", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "context": {"learning_rate": 0.1, "batch_size": 64},
             "roles": {"ps": {"count": 1, "cpus": 0.5, "mem": 256}, "worker": {"count": 2, "cpus": 0.5, "mem": 256}}}
            """;

    @TestHTTPResource("/")
    URL base;

    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    static String newTeam() {
        String team = "c" + Long.toHexString(System.nanoTime());
        as(TestInfra.ADMIN_TOKEN).body("{}").put("/api/v1/teams/" + team).then().statusCode(201);
        return team;
    }

    static String tokenFor(String team, String user) {
        return as(TestInfra.ADMIN_TOKEN).body("{\"name\": \"" + user + "\"}").post("/api/v1/teams/" + team + "/tokens")
                .then().statusCode(201).body("token", startsWith("mf_")).extract().path("token");
    }

    static TaskPlacement placement(String task, String host, int port, TfConfig tfConfig) {
        return new TaskPlacement(task, 0, "agent-" + host, host, List.of("offer-" + host), new Resources(0.5, 256, 0, 0),
                List.of(port), new LaunchSpec("file:///opt/train.py", "python3 train.py", Map.of(), "/out", Map.of(),
                        List.of(), "default", tfConfig));
    }

    /** The job placed as placement would place it (each task's TF_CONFIG) and its tasks running. */
    static void placeAndRun(String id) {
        Map<String, List<String>> cluster = Map.of("ps", List.of("ps-host:2223"),
                "worker", List.of("w0-host:2222", "w1-host:2224"));
        topics.send(Topics.PLACEMENTS, new TasksPlaced(id, 1, List.of(
                placement("ps-0", "ps-host", 2223, new TfConfig(cluster, new TfConfig.Task("ps", 0))),
                placement("worker-0", "w0-host", 2222, new TfConfig(cluster, new TfConfig.Task("worker", 0))),
                placement("worker-1", "w1-host", 2224, new TfConfig(cluster, new TfConfig.Task("worker", 1)))),
                Instant.now()));
        for (String[] t : List.of(new String[] {"ps-0", "ps-host", "2223"}, new String[] {"worker-0", "w0-host", "2222"},
                new String[] {"worker-1", "w1-host", "2224"})) {
            topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, t[0], 0, id + "." + t[0] + ".0", TaskState.RUNNING)
                    .onAgent("agent-" + t[1], t[1], List.of(Integer.parseInt(t[2])))
                    .withSandbox("/sandboxes/" + id + "/" + t[0] + "/0", null).withReady(true));
        }
    }

    void logIn(Browser browser, String token) {
        WebDriver page = browser.driver();
        page.get(base + "console/login.html");
        page.findElement(By.id("token")).sendKeys(token);
        page.findElement(By.id("login")).click();
        browser.waitAtMost(WAIT).withMessage(() -> "logged in, at " + page.getCurrentUrl() + ": "
                        + page.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "·"));
    }

    static String source(WebDriver page) {
        return page.getPageSource() + ((JavascriptExecutor) page).executeScript("return document.cookie");
    }

    @Test
    void aTeamMemberWatchesChangesAndCancelsTheirJobAndAnotherTeamSeesNothingOfIt() throws Exception {
        String teamA = newTeam();
        String teamB = newTeam();
        String alice = tokenFor(teamA, "alice");
        String bob = tokenFor(teamB, "bob");
        String id = as(alice).body(SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        placeAndRun(id);

        try (Browser browser = Browser.start(SCREENSHOTS)) {
            WebDriver page = browser.driver();
            page.get(base + "console/");
            browser.waitAtMost(WAIT).until(ExpectedConditions.urlContains("/console/login.html"));
            browser.screenshot("login");

            logIn(browser, alice);
            Cookie cookie = page.manage().getCookieNamed("mesoflow_console");
            assertThat(cookie.isHttpOnly()).as("the login cookie is HttpOnly").isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Strict");
            assertThat(cookie.getPath()).isEqualTo("/");
            By row = By.cssSelector("#jobs tbody tr[data-job-id='" + id + "']");
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(page.findElement(row).getText()).contains("console-mnist").contains(teamA);
            assertThat(source(page)).as("the jobs page never holds the token").doesNotContain(alice);
            browser.screenshot("jobs");

            page.findElement(row).findElement(By.tagName("a")).click();
            By worker1 = By.cssSelector("#tasks tr[data-task='worker-1']");
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(worker1));
            browser.waitAtMost(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(worker1, "w1-host:2224"));
            page.findElement(worker1).findElement(By.className("show-tfconfig")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("tfconfig-json"),
                    "\"index\": 1"));
            String tfConfig = page.findElement(By.id("tfconfig-json")).getText();
            assertThat(tfConfig).contains("\"type\": \"worker\"").contains("w0-host:2222").contains("ps-host:2223");
            assertThat(page.findElement(By.id("curves-none")).isDisplayed())
                    .as("no progress yet: the page says so instead of failing").isTrue();
            assertThat(page.findElement(By.id("tensorboard")).isDisplayed())
                    .as("no TensorBoard link while the job has no tensorboardUrl").isFalse();
            browser.screenshot("job");

            page.findElement(By.id("ctx-key")).sendKeys("learning_rate");
            page.findElement(By.id("ctx-value")).sendKeys("0.05");
            page.findElement(By.id("ctx-apply")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#revisions li[data-revision='2']")));
            browser.waitAtMost(WAIT).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#diff tr[data-path='context.learning_rate']")));
            assertThat(page.findElement(By.cssSelector("#diff tr[data-path='context.learning_rate']")).getText())
                    .contains("0.1").contains("0.05");
            as(alice).get("/api/v1/jobs/" + id + "/revisions").then()
                    .body("find { it.revision == 2 }.spec.context.learning_rate", equalTo(0.05f));
            browser.screenshot("job-config-changed");

            page.findElement(By.id("cancel")).click();
            page.findElement(By.id("cancel")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "CANCEL_REQUESTED"));
            as(alice).get("/api/v1/jobs/" + id + "/events").then().body("state", hasItem("CANCEL_REQUESTED"));
            assertThat(source(page)).as("the job page never holds the token").doesNotContain(alice);

            page.get(base + "console/teams.html");
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#teams tr[data-team='" + teamA + "']")));
            browser.waitAtMost(WAIT).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("figure[data-team='" + teamA + "'] svg path.used")));
            assertThat(page.findElements(By.cssSelector("#teams tbody tr"))).as("alice sees only her team").hasSize(1);
            browser.screenshot("teams");
            page.get(base + "console/queue.html");
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("queue-empty")));
            browser.screenshot("queue");
            page.get(base + "console/job.html?id=" + id);
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("job")));

            browser.resize(390, 844);
            Thread.sleep(300);
            assertThat(horizontalOverflow(page)).as("the job page fits a phone's width").isLessThanOrEqualTo(0L);
            browser.screenshot("job-phone");
            page.get(base + "console/");
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(horizontalOverflow(page)).as("the jobs list fits a phone's width").isLessThanOrEqualTo(0L);
            browser.screenshot("jobs-phone");
            browser.resize(1280, 1000);

            page.findElement(By.id("logout")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.urlContains("/console/login.html"));
            assertThat(page.manage().getCookieNamed("mesoflow_console")).as("logout clears the cookie").isNull();

            logIn(browser, bob);
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("jobs-empty")));
            assertThat(page.findElements(row)).as("team B does not see team A's job").isEmpty();
            page.get(base + "console/job.html?id=" + id);
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("not-found")));
            assertThat(page.findElement(By.id("job")).isDisplayed()).isFalse();
            browser.screenshot("job-other-team");
        }
        assertThat(Files.list(SCREENSHOTS).map(p -> p.getFileName().toString()))
                .contains("jobs.png", "job.png", "job-phone.png", "jobs-phone.png");
    }

    @Test
    void aTeamMemberSuspendsAndResumesTheirJobFromItsPageAndSeesTheTeamsBudgetNotice() throws Exception {
        String team = "s" + Long.toHexString(System.nanoTime());
        as(TestInfra.ADMIN_TOKEN).body("{\"gpuHoursBudget\": 1, \"budgetPolicy\": \"suspend\"}")
                .put("/api/v1/teams/" + team).then().statusCode(201);
        String alice = tokenFor(team, "alice");
        String id = as(alice).body(SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        placeAndRun(id);
        String spent = as(alice).body(SPEC.replace("console-mnist", "spent")).post("/api/v1/jobs").then()
                .statusCode(201).extract().path("id");
        Instant end = Instant.now();
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(spent, "worker-0", 0, spent + ".worker-0.0",
                TaskState.FINISHED).withExitCode(0).onAgent("agent-1", "gpu-host", List.of(2222)).at(end));
        topics.send(Topics.JOB_STATUS, new TaskUsageRecorded(spent, team, "worker-0", 0, 1, 1, end.minusSeconds(3600),
                end, 3600, 0.95 * 3600));

        try (Browser browser = Browser.start(SCREENSHOTS)) {
            WebDriver page = browser.driver();
            logIn(browser, alice);
            page.get(base + "console/job.html?id=" + id);
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("suspend")));
            assertThat(page.findElement(By.id("resume")).isDisplayed()).as("nothing to resume yet").isFalse();
            page.findElement(By.id("suspend-grace")).sendKeys("15");
            page.findElement(By.id("suspend")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "SUSPEND_REQUESTED"));
            JobSuspendRequested asked = topics.await(Topics.JOBS, JobSuspendRequested.class,
                    e -> e.jobId().equals(id), WAIT);
            assertThat(asked.suspension().cause()).isEqualTo(SuspendCause.USER);
            assertThat(asked.suspension().requestedBy()).isEqualTo("alice");
            assertThat(asked.suspension().gracePeriodSeconds()).isEqualTo(15L);

            topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, JobState.SUSPENDED, "suspended from the console",
                    null, Instant.now(), asked.suspension()));
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("resume")));
            assertThat(page.findElement(By.id("job-state")).getText()).isEqualTo("SUSPENDED");
            assertThat(page.findElement(By.id("job-suspension")).getText()).contains("user by alice")
                    .contains("grace 15 s");
            assertThat(page.findElement(By.id("suspend")).isDisplayed()).as("a suspended job is not suspended again")
                    .isFalse();
            browser.screenshot("job-suspended");
            page.findElement(By.id("resume")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "RESUME_REQUESTED"));
            JobResumeRequested resume = topics.await(Topics.JOBS, JobResumeRequested.class, e -> e.jobId().equals(id),
                    WAIT);
            assertThat(resume.requestedBy()).isEqualTo("alice");

            page.get(base + "console/teams.html");
            By notice = By.cssSelector("p.budget-notice[data-team='" + team + "']");
            browser.waitAtMost(WAIT).until(ExpectedConditions.visibilityOfElementLocated(notice));
            assertThat(page.findElement(notice).getText()).isEqualTo("95 % of the GPU-hour budget used; running GPU "
                    + "jobs are suspended when it is spent");
            browser.screenshot("teams-budget-notice");
        }
    }

    /** How many CSS pixels the page is wider than the window (0 or less: it fits). */
    static long horizontalOverflow(WebDriver page) {
        return (Long) ((JavascriptExecutor) page).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
    }
}
