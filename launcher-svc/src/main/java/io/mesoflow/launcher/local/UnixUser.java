package io.mesoflow.launcher.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Unix account as {@code id <name>} reports it (NSS included): uid, primary gid and every group.
 *
 * @param groups the gids of all its groups, the primary one included
 */
public record UnixUser(String name, int uid, int gid, Set<Integer> groups) {
    private static final Pattern ID = Pattern.compile("uid=(\\d+)(?:\\([^)]*\\))? gid=(\\d+)(?:\\([^)]*\\))?"
            + "(?: groups=(\\S*))?\\s*");

    public UnixUser {
        groups = Set.copyOf(groups);
    }

    /** The user on this host, or empty when none has that name. */
    public static Optional<UnixUser> lookup(String name) throws IOException {
        // a name that looks like an option or holds odd characters is no user (and never reaches id's parser)
        if (name == null || !name.matches("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?")) {
            return Optional.empty();
        }
        ProcessBuilder id = new ProcessBuilder("id", "--", name).redirectError(ProcessBuilder.Redirect.DISCARD);
        id.environment().put("LC_ALL", "C"); // id translates "uid=" in other locales
        Process process = id.start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("id " + name + " did not answer within 10 s");
            }
            return process.exitValue() == 0 ? parseId(name, out) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted looking up user " + name, e);
        }
    }

    /** What {@code id <name>} printed, e.g. {@code uid=998(ml) gid=998(ml) groups=998(ml),27(sudo)}. */
    static Optional<UnixUser> parseId(String name, String output) {
        Matcher m = ID.matcher(output.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int gid = Integer.parseInt(m.group(2));
        Set<Integer> groups = new TreeSet<>(Set.of(gid));
        if (m.group(3) != null) {
            for (String group : m.group(3).split(",")) {
                Matcher digits = Pattern.compile("^(\\d+)").matcher(group);
                if (digits.find()) {
                    groups.add(Integer.parseInt(digits.group(1)));
                }
            }
        }
        return Optional.of(new UnixUser(name, Integer.parseInt(m.group(1)), gid, groups));
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /** Whether this user may search (pass through) a directory with this mode and owner; ACLs aside. */
    public boolean canSearch(int mode, int ownerUid, int ownerGid) {
        if (uid == ownerUid) {
            return (mode & 0100) != 0;
        }
        if (groups.contains(ownerGid)) {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ")";
    }
}
