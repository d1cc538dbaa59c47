package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.Browser;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real browser (Debian's headless chromium) on the five running services,
 * watching a real TensorFlow job (examples/tf-ps-training): its loss curve grows on the job page
 * while it trains (from GET /api/v1/jobs/{id}/progress, which the launcher's JobProgress feeds), a
 * task's log, a hyperparameter changed from the page redeploying the job, and cancel. Screenshots go
 * to {@code e2e/target/console-screenshots/}.
 */
class ConsoleEndToEndIT {
    /** The first job on a fresh machine builds the TensorFlow environment (see TensorFlowEndToEndIT). */
    static final Duration FIRST_START = Duration.ofMinutes(10);
    static final Duration WAIT = Duration.ofSeconds(90);
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    /**
     * The loss curve's points on the page now (0 while none is drawn), read in one script: the page
     * redraws its charts on every refresh, so an element found first and read after may be gone.
     */
    static int lossPoints(WebDriver page) {
        Object points = ((JavascriptExecutor) page).executeScript(
                "const c = document.querySelector(\"#curves polyline[data-series*='loss']\");"
                        + "return c ? c.getAttribute('data-points') : '0';");
        return Integer.parseInt(String.valueOf(points));
    }

    @Test
    void aTrainingJobsLossCurveGrowsOnItsPageWhichShowsItsLogsChangesAHyperparameterAndCancelsIt()
            throws IOException {
        ObjectNode spec = TensorFlowEndToEndIT.example("tf-ps-training/local.json");
        ((ObjectNode) spec.get("context")).put("max_steps", 30000).put("log_every", 10);
        // what the page shows comes from the chief (its summaries, its logs) and the workers (the redeploy):
        // no TensorBoard or evaluator, two TensorFlow imports fewer at the start and at the redeploy
        spec.put("tensorboard", false);
        ((ObjectNode) spec.get("roles")).remove(List.of("tensorboard", "evaluator"));
        String id = Jobs.submit(stack, spec);
        Jobs.awaitState(stack, id, FIRST_START, "RUNNING");

        try (Browser browser = Browser.start(Path.of("target/console-screenshots"))) {
            WebDriver page = browser.driver();
            page.get(stack.apiUrl() + "/console/login.html");
            page.findElement(By.id("token")).sendKeys(stack.adminToken());
            page.findElement(By.id("login")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#jobs tbody tr[data-job-id='" + id + "']")));
            browser.screenshot("e2e-jobs");

            page.get(stack.apiUrl() + "/console/job.html?id=" + id);
            browser.waitAtMost(Duration.ofMinutes(3)).withMessage("a loss curve with points on the job page")
                    .until(d -> lossPoints(d) >= 2);
            int before = lossPoints(page);
            browser.waitAtMost(WAIT).withMessage("the loss curve grows while the job trains")
                    .until(d -> lossPoints(d) > before);
            browser.screenshot("e2e-job-curves");

            By chief = By.cssSelector("#tasks tr[data-task='chief-0'] .show-logs");
            browser.waitAtMost(WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
                d.findElement(chief).click(); // the task table is redrawn on every refresh: find and click at once
                return true;
            });
            page.findElement(By.id("logs-stdout")).click();
            browser.waitAtMost(WAIT).withMessage("the chief's stdout shows its training steps").until(
                    ExpectedConditions.textMatches(By.id("log-output"), java.util.regex.Pattern.compile("step \\d+ loss")));
            browser.screenshot("e2e-job-logs");

            page.findElement(By.id("ctx-key")).sendKeys("learning_rate");
            page.findElement(By.id("ctx-value")).sendKeys("0.02");
            page.findElement(By.id("ctx-apply")).click();
            browser.waitAtMost(WAIT).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#revisions li[data-revision='2']")));
            browser.waitAtMost(WAIT).withMessage("the redeploy's second attempts on the page").until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='worker-0'][data-attempt='1']")));
            browser.waitAtMost(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "revision 2"));
            browser.screenshot("e2e-job-redeployed");

            for (int click = 0; click < 2; click++) { // the first click asks "sure?", the second cancels
                browser.waitAtMost(WAIT).ignoring(ElementNotInteractableException.class)
                        .ignoring(StaleElementReferenceException.class).until(d -> {
                            d.findElement(By.id("cancel")).click(); // shown again once the page has redrawn
                            return true;
                        });
            }
            browser.waitAtMost(WAIT).withMessage("the job is cancelled").until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id("job-state"), "CANCELLED"));
            browser.screenshot("e2e-job-cancelled");
        }
        assertThat(Jobs.get(stack, id).getString("state")).isEqualTo("CANCELLED");
    }
}
