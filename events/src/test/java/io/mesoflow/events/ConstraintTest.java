package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one grammar of placement constraints: what is a constraint, and what is wrong with the rest. */
class ConstraintTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "hostname,UNIQUE          | hostname | UNIQUE   |",
            "zone,group_by            | zone     | GROUP_BY |",
            "rack,CLUSTER             | rack     | CLUSTER  |",
            "rack,CLUSTER,r1          | rack     | CLUSTER  | r1",
            "gpu_type,LIKE,a100.*     | gpu_type | LIKE     | a100.*",
            "gpu_type,Unlike,k80      | gpu_type | UNLIKE   | k80",
            "hostname,MAX_PER,2       | hostname | MAX_PER  | 2",
    })
    void validConstraintsParseIntoTheirParts(String wire, String field, Constraint.Operator operator, String value) {
        Constraint constraint = Constraint.parse(parts(wire));

        assertThat(constraint).isEqualTo(new Constraint(field, operator, value));
        assertThat(Constraint.problem(parts(wire))).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "hostname                 | must be [field, operator] or [field, operator, value]",
            "a,UNIQUE,b,c             | must be [field, operator] or [field, operator, value]",
            "hostname,NEAR      | unknown operator 'NEAR'; use UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE or MAX_PER",
            "gpu_type,LIKE            | LIKE needs a regular expression",
            "gpu_type,UNLIKE,(        | '(' is not a regular expression: Unclosed group",
            "hostname,MAX_PER         | MAX_PER needs a whole number of at least 1",
            "hostname,MAX_PER,0       | MAX_PER needs a whole number of at least 1",
            "hostname,MAX_PER,two     | MAX_PER needs a whole number of at least 1",
    })
    void invalidConstraintsSayWhatIsWrong(String wire, String problem) {
        assertThat(Constraint.problem(parts(wire))).isEqualTo(problem);
        assertThatThrownBy(() -> Constraint.parse(parts(wire))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(problem);
    }

    @Test
    void aMissingPartIsAProblemNotACrash() {
        assertThat(Constraint.problem(Arrays.asList("hostname", null)))
                .isEqualTo("each part must be a string or a number");
        assertThat(Constraint.problem(null)).isEqualTo("must be [field, operator] or [field, operator, value]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[[\"hostname\",\"UNIQUE\"]]",
            "[[\"rack\",\"CLUSTER\",\"r1\"],[\"hostname\",\"MAX_PER\",\"2\"]]",
    })
    void theWireFormIsWrittenBackExactly(String json) throws Exception {
        Constraint[] read = EventCodec.mapper().readValue(json, Constraint[].class);

        assertThat(EventCodec.json(read)).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "hostname,UNIQUE        | [hostname UNIQUE]",
            "hostname,MAX_PER,3     | [hostname MAX_PER 3]",
    })
    void problemsNameAConstraintInBrackets(String wire, String shown) {
        assertThat(Constraint.parse(parts(wire))).hasToString(shown);
    }

    private static List<String> parts(String wire) {
        return Arrays.asList(wire.strip().split(","));
    }
}
