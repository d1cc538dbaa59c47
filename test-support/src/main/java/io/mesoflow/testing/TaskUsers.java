package io.mesoflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Unix users local-backend tasks run as, on a test machine. A root launcher runs each task as its
 * team's user ({@code mesoflow} unless mapped), so tests that run as root first create the users, as
 * {@code deploy/local/mesoflow-local} does, and make their work directory reachable for them.
 * Tests that do not run as root need neither: their launcher runs tasks as itself.
 */
public final class TaskUsers {
    /** The launcher's default task user ({@code mesoflow.launcher.task-user}). */
    public static final String DEFAULT_USER = "mesoflow";

    private TaskUsers() {
    }

    public static boolean root() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /**
     * Creates each user that does not exist (a system user with its own group, no home, no login shell)
     * when running as root; does nothing otherwise. Safe when other test JVMs create the same users.
     */
    public static void ensure(String... users) {
        if (!root()) {
            return;
        }
        for (String user : users) {
            for (int attempt = 0; uid(user) < 0; attempt++) {
                int code = run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", user);
                if (code == 0) {
                    System.out.printf("[task-users] created the system user %s for local tasks%n", user);
                } else if ((code == 9 || code == 10) && attempt < 40) {
                    sleep(250); // 9: another JVM created it first; 10: another useradd holds /etc/passwd's lock
                } else {
                    throw new IllegalStateException("useradd " + user + " failed with exit code " + code);
                }
            }
        }
    }

    /**
     * Makes every directory above {@code dir} (and {@code dir}) searchable for other users (o+x, never
     * read) when running as root, so task users reach their sandboxes and outputs below it; a checkout
     * under {@code /root} (mode 0700) would hide them. Prints each directory it changes.
     */
    public static void ensureSearchable(Path dir) {
        if (!root()) {
            return;
        }
        try {
            Path real = Files.createDirectories(dir).toRealPath();
            List<Path> steps = new ArrayList<>(List.of(real.getRoot()));
            for (Path name : real) {
                steps.add(steps.get(steps.size() - 1).resolve(name));
            }
            for (Path step : steps) {
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(step));
                if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(step, perms);
                    System.out.printf("[task-users] made %s searchable (o+x) so task users reach %s%n", step, dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " reachable for task users", e);
        }
    }

    /** The user's uid, or -1 when no such user exists. */
    public static int uid(String user) {
        try {
            Process id = new ProcessBuilder("id", "-u", "--", user).redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes()).trim();
            return id.waitFor(10, TimeUnit.SECONDS) && id.exitValue() == 0 ? Integer.parseInt(out) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
