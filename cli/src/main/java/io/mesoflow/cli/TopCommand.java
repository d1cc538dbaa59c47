package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesoflow top}: running jobs with their progress and finish ETA, then queued jobs with their
 * start ETA, refreshed in place on a terminal until Ctrl-C; one frame otherwise or with {@code --once}.
 */
@Command(name = "top", description = "Running and queued jobs with progress and ETAs, refreshed until Ctrl-C "
        + "(one frame when not on a terminal).")
class TopCommand extends JobListCommand implements Callable<Integer> {
    static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    @Option(names = "--team", description = "only this team's jobs (admins)")
    String team;

    @Option(names = "--interval", defaultValue = "2", description = "seconds between refreshes (default ${DEFAULT-VALUE})")
    int interval;

    @Option(names = "--once", description = "print one frame and exit (the default when not on a terminal)")
    boolean once;

    @Override
    public Integer call() {
        Display display = display();
        boolean refresh = display.tty() && !once && !parent.json;
        while (true) {
            JsonNode jobs = client().get("/api/v1/jobs?ended=false&limit=" + limit + teamQuery("&"));
            JsonNode queue = queue();
            PrintWriter out = out();
            if (parent.json) {
                ObjectNode both = ApiClient.JSON.createObjectNode();
                both.set("jobs", jobs);
                both.set("queue", queue);
                Output.json(out, both);
            } else {
                if (refresh) {
                    out.print(CLEAR_SCREEN);
                }
                frame(out, display, jobs, queue, refresh);
            }
            out.flush();
            if (!refresh) {
                return ExitCodes.OK;
            }
            try {
                Thread.sleep(Math.max(1, interval) * 1000L);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                return ExitCodes.OK;
            }
        }
    }

    /** The queue's items; from a server without {@code /api/v1/queue}, its QUEUED jobs. */
    private JsonNode queue() {
        try {
            return client().get("/api/v1/queue" + teamQuery("?")).path("jobs");
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.NOT_FOUND) {
                throw e;
            }
            return client().get("/api/v1/jobs?state=QUEUED&limit=" + limit + teamQuery("&"));
        }
    }

    private String teamQuery(String separator) {
        return team == null ? "" : separator + "team=" + URLEncoder.encode(team, StandardCharsets.UTF_8);
    }

    private void frame(PrintWriter out, Display display, JsonNode jobs, JsonNode queue, boolean refresh) {
        List<List<String>> rows = new TopTable(ProgressText.of(display)).rows(jobs, queue, team);
        if (refresh) {
            out.println(TopTable.header(rows, display.clock().instant(), display.zone(), interval));
        }
        if (rows.isEmpty()) {
            out.println("no running or queued jobs" + (team == null ? "" : " for team " + team));
            return;
        }
        for (String line : Output.tableLines(TopTable.HEADERS, rows)) {
            out.println(refresh ? Output.fit(line, display.width()) : line);
        }
    }
}
