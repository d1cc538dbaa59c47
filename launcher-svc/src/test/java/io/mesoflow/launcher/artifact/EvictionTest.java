package io.mesoflow.launcher.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvictionTest {
    /**
     * Entries are {@code key:bytes:lastUsedSecond[:pinned]}, separated by spaces; the expected evictions
     * are keys in order, "-" for none.
     */
    @ParameterizedTest(name = "{0}: max {2} of [{1}] evicts {3}")
    @CsvSource(delimiter = '|', value = {
        "an empty cache                      |                             | 0   | -",
        "under the bound                     | a:10:1 b:20:2               | 100 | -",
        "exactly at the bound                | a:50:1 b:50:2               | 100 | -",
        "least recently used first           | a:50:3 b:50:1 c:50:2        | 100 | b",
        "no more than needed                 | a:40:1 b:40:2 c:40:3 d:40:4 | 100 | a b",
        "one big entry frees room for many   | a:90:1 b:10:2 c:10:3        | 100 | a",
        "a pinned entry stays, however old   | a:50:1:pinned b:50:2 c:50:3 | 100 | b",
        "pinned alone over the bound         | a:80:1:pinned b:80:2:pinned | 100 | -",
        "pinned over it: every unpinned goes | a:150:1:pinned b:10:2 c:10:3| 100 | b c",
        "an entry over the bound alone goes  | a:150:1                     | 100 | a",
        "a bound of zero keeps only pinned   | a:1:1 b:1:2:pinned c:1:3    | 0   | a c",
        "ties are broken by key              | b:50:1 a:50:1 c:50:1        | 100 | a",
    })
    void evictsTheLeastRecentlyUsedUnpinnedEntriesUntilUnderTheBound(String name, String entries, long max,
                                                                     String expected) {
        List<String> evicted = Eviction.plan(parse(entries), max).stream().map(Eviction.Entry::key).toList();

        assertThat(evicted).isEqualTo(expected.equals("-") ? List.of() : Arrays.asList(expected.split(" ")));
    }

    static List<Eviction.Entry> parse(String entries) {
        List<Eviction.Entry> parsed = new ArrayList<>();
        if (entries == null) {
            return parsed;
        }
        for (String entry : entries.trim().split("\\s+")) {
            String[] f = entry.split(":");
            parsed.add(new Eviction.Entry(f[0], Long.parseLong(f[1]), Instant.ofEpochSecond(Long.parseLong(f[2])),
                    f.length > 3 && f[3].equals("pinned")));
        }
        return parsed;
    }
}
