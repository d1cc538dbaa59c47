package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalarTagsTest {
    @Test
    void tagsWithControlCharactersEmptyOrTooLongAreNotUsable() {
        Map<String, Boolean> table = Map.ofEntries(
                Map.entry("loss", true),
                Map.entry("train/loss", true),
                Map.entry("épreuve/λ", true),
                Map.entry("x".repeat(ScalarTags.MAX_CHARS), true),
                Map.entry("x".repeat(ScalarTags.MAX_CHARS + 1), false),
                Map.entry("", false),
                Map.entry("\u001b[31mloss", false),
                Map.entry("loss\n", false),
                Map.entry("a\tb", false),
                Map.entry("a\u0000b", false),
                Map.entry("a\u007fb", false),
                Map.entry("a\u009bb", false)); // C1 CSI
        table.forEach((tag, usable) -> assertThat(ScalarTags.usable(tag)).as(tag).isEqualTo(usable));
        assertThat(ScalarTags.usable(null)).isFalse();
    }
}
