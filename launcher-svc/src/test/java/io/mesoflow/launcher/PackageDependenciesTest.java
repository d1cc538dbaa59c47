package io.mesoflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher's packages form layers, so each can be read (and changed) without the ones above it:
 * {@code app} picks a backend and feeds it; the backends {@code local} and {@code mesos} know neither
 * {@code app} nor each other; everything else ({@code store}, {@code secrets}, {@code leader}, the
 * root's shared types, ...) knows none of the three. Read from the sources' imports and qualified names.
 */
class PackageDependenciesTest {
    static final Path ROOT = Path.of("src/main/java/io/mesoflow/launcher");
    static final Pattern REFERENCE = Pattern.compile("io\\.mesoflow\\.launcher\\.([a-z]\\w*)\\.");
    static final Set<String> UPPER = Set.of("app", "local", "mesos");

    @ParameterizedTest(name = "{0} uses none of {1}")
    @CsvSource(delimiter = '|', value = {
        "local | app mesos",
        "mesos | app local",
    })
    void theBackendsKnowNeitherTheAppNorEachOther(String from, String forbidden) {
        assertThat(referencesFrom(from)).as("packages %s uses", from)
                .doesNotContainAnyElementsOf(List.of(forbidden.split(" ")));
    }

    @Test
    void nothingBelowTheBackendsUsesThemOrTheApp() {
        List<String> lower = packages().stream().filter(p -> !UPPER.contains(p)).toList();
        assertThat(lower).contains("", "store", "secrets", "leader");
        for (String from : lower) {
            assertThat(referencesFrom(from)).as("packages %s uses", from.isEmpty() ? "(root)" : from)
                    .doesNotContainAnyElementsOf(UPPER);
        }
    }

    /** Every package under the launcher's root, the root itself as "". */
    static Set<String> packages() {
        try (Stream<Path> dirs = Files.walk(ROOT)) {
            Set<String> names = new TreeSet<>();
            dirs.filter(Files::isDirectory).forEach(d -> names.add(ROOT.relativize(d).toString().replace('/', '.')));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The launcher packages the sources of {@code pkg} (not its subpackages) name, itself excluded. */
    static Set<String> referencesFrom(String pkg) {
        Path dir = pkg.isEmpty() ? ROOT : ROOT.resolve(pkg.replace('.', '/'));
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        used.remove(pkg);
        return used;
    }
}
