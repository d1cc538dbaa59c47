package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSectionsTest {
    @Test
    void oneStreamIsShownAsItIsWithoutHeaders() {
        LogSections sections = LogSections.of(LogStream.STDERR);

        assertThat(sections.append("stderr", "Traceback\n") + sections.append("stderr", "ValueError"))
                .isEqualTo("Traceback\nValueError");
    }

    @Test
    void bothStreamsAreShownInLabelledSectionsEvenWhenOneIsEmpty() {
        LogSections sections = LogSections.of(LogStream.BOTH);

        String text = sections.append("stdout", "") + sections.append("stderr", "Traceback\nValueError: bad\n");

        assertThat(text).isEqualTo("==> stdout <==\n==> stderr <==\nTraceback\nValueError: bad\n");
    }

    @Test
    void aHeaderAlwaysStartsOnItsOwnLine() {
        LogSections sections = LogSections.of(LogStream.BOTH);

        String text = sections.append("stdout", "step 1") + sections.append("stderr", "warning\n");

        assertThat(text).isEqualTo("==> stdout <==\nstep 1\n==> stderr <==\nwarning\n");
    }

    @Test
    void followedOutputGetsAHeaderOnlyWhenItSwitchesStreams() {
        LogSections sections = LogSections.of(LogStream.BOTH);

        String text = sections.append("stdout", "a\n") + sections.append("stdout", "b\n")
                + sections.append("stderr", "c\n") + sections.append("stdout", "d\n");

        assertThat(text).isEqualTo("==> stdout <==\na\nb\n==> stderr <==\nc\n==> stdout <==\nd\n");
    }

    @Test
    void theStreamParameterTakesStdoutStderrOrBothAndNothingElse() {
        assertThat(LogStream.find("both")).contains(LogStream.BOTH);
        assertThat(LogStream.find("stdout")).contains(LogStream.STDOUT);
        assertThat(LogStream.find("stderr")).contains(LogStream.STDERR);
        assertThat(LogStream.find("STDOUT")).isEmpty();
        assertThat(LogStream.find("stdin")).isEmpty();
        assertThat(LogStream.BOTH.files()).containsExactly("stdout", "stderr");
    }
}
