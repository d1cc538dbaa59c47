package io.mesoflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import org.junit.jupiter.api.Test;

class ConfigChangeRulesTest {
    private final JobSpecParser parser = JobSpecParserTest.permissive();

    JobSpec spec(String roles, String context) {
        return parser.parse(JobSpecParserTest.json("{\"name\":\"a\",\"artifactUrl\":\"file:///a.py\",\"entryPoint\":\"x\","
                + "\"context\":" + context + ",\"roles\":" + roles + "}"), "a-1");
    }

    @Test
    void contextResourcesAndWorkerCountsMayChange() {
        JobSpec before = spec("{\"ps\":{\"count\":1},\"worker\":{\"count\":3}}", "{\"lr\":0.1}");
        JobSpec after = spec("{\"ps\":{\"count\":2},\"worker\":{\"count\":4,\"cpus\":2}}", "{\"lr\":0.2}");

        assertThat(ConfigChangeRules.violations(before, after)).isEmpty();
    }

    @Test
    void parameterServersCannotBeRemoved() {
        JobSpec before = spec("{\"ps\":{\"count\":2},\"worker\":{\"count\":3}}", "{}");
        JobSpec after = spec("{\"ps\":{\"count\":1},\"worker\":{\"count\":3}}", "{}");

        assertThat(ConfigChangeRules.violations(before, after)).containsExactly(new FieldError("roles.ps.count",
                "parameter servers cannot be removed from a running job (their variables would be lost): 2 -> 1"));
    }

    @Test
    void theChiefCannotBeAddedWhileTheJobRuns() {
        JobSpec before = spec("{\"worker\":{\"count\":3}}", "{}");
        JobSpec after = spec("{\"chief\":{},\"worker\":{\"count\":3}}", "{}");

        assertThat(ConfigChangeRules.violations(before, after)).extracting(FieldError::field)
                .containsExactly("roles.chief.count");
    }

    @Test
    void mergePatchMergesObjectsAndNullRemoves() {
        var target = JobSpecParserTest.json("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}");
        var patch = JobSpecParserTest.json("{\"a\":null,\"b\":{\"c\":5},\"e\":[1]}");

        assertThat(MergePatch.apply(target, patch)).isEqualTo(JobSpecParserTest.json("{\"b\":{\"c\":5,\"d\":3},\"e\":[1]}"));
    }
}
