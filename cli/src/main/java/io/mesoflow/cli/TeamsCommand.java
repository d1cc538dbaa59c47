package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesoflow teams}: the teams the caller may see, with quota and usage; {@code teams token} issues a token. */
@Command(name = "teams", description = "List teams with their quota and usage.",
        subcommands = TeamsCommand.Token.class)
class TeamsCommand extends ApiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        JsonNode teams = client().get("/api/v1/teams");
        print(teams, out -> {
            List<List<String>> rows = new ArrayList<>();
            teams.forEach(team -> rows.add(QuotaCommand.row(team)));
            Output.table(out, QuotaCommand.HEADERS, rows);
        });
        return ExitCodes.OK;
    }

    /** {@code mesoflow teams token TEAM NAME [--admin]}: an admin issues an API token (printed once). */
    @Command(name = "token", description = "Issue an API token for a team member (admins only); it is shown once.")
    static class Token implements Callable<Integer> {
        @ParentCommand
        TeamsCommand teams;

        @Parameters(index = "0", description = "the team")
        String team;

        @Parameters(index = "1", description = "who the token is for, e.g. alice")
        String name;

        @Option(names = "--admin", description = "an admin token")
        boolean admin;

        @Override
        public Integer call() {
            String body = ApiClient.JSON.createObjectNode().put("name", name).put("admin", admin).toString();
            JsonNode token = teams.client().post("/api/v1/teams/" + team + "/tokens", body);
            teams.print(token, out -> out.println(token.path("token").asText()));
            return ExitCodes.OK;
        }
    }
}
