package io.mesoflow.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real PostgreSQL server from the embedded binaries on Maven Central; tests create their own databases. */
public final class PostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final int attachedPort;
    private final Path dataDir;
    private Process restarted;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.attachedPort = -1;
        this.dataDir = dataDir;
    }

    private PostgresServer(int port) {
        this.postgres = null;
        this.attachedPort = port;
        this.dataDir = null;
    }

    /** A server another class loader of this JVM started (see TestInfra); it cannot be stopped from here. */
    static PostgresServer attach(int port) {
        return new PostgresServer(port);
    }

    public static PostgresServer start(Path dataDir) {
        try {
            return new PostgresServer(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setPort(FreePorts.next())
                    .setServerConfig("max_connections", "300")
                    // fsync off: the machine never crashes under a test, only processes do. Commits
                    // stay synchronous (written to the OS before they return): MesoFlow acknowledges
                    // Kafka records after its commit, so a commit lost to a server crash would lose work.
                    // (The embedded server's own default is synchronous_commit=off: set it back.)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "on")
                    .start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    public int port() {
        return postgres != null ? postgres.getPort() : attachedPort;
    }

    private javax.sql.DataSource adminDataSource() {
        if (postgres != null) {
            return postgres.getPostgresDatabase();
        }
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(jdbcUrl("postgres"));
        ds.setUser(username());
        ds.setPassword(password());
        return ds;
    }

    /** Creates a new empty database owned by {@code postgres} and returns its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection c = adminDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    /**
     * A crash and restart: an immediate shutdown (SIGQUIT to the postmaster: no checkpoint, the
     * next start replays the WAL), then the same server binary with the same arguments.
     */
    public void crashAndRestart() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            List<String> command = List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"))
                    .split("\0"));
            Path binary = Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "exe"));
            new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).start().waitFor();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // as the embedded server itself is started: pg_ctl with the same server arguments
            Path pgCtl = binary.resolveSibling("pg_ctl");
            int data = command.indexOf("-D");
            List<String> serverArgs = new ArrayList<>(command.subList(1, command.size()));
            serverArgs.remove(data);
            serverArgs.remove(data - 1);
            // as root, the way the embedded server does it: in a user namespace (unshare -U), as nobody
            List<String> start = new ArrayList<>("root".equals(System.getProperty("user.name"))
                    ? List.of("unshare", "-U") : List.of());
            start.addAll(List.of(pgCtl.toString(), "-D", dataDir.toString(), "-o", String.join(" ", serverArgs),
                    "-l", dataDir.resolveSibling("pg-restarts.log").toString(), "-w", "start"));
            restarted = new ProcessBuilder(start)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("pg-restarts.log").toFile()))
                    .start();
            restarted.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            awaitAccepting(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitAccepting(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = adminDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("PostgreSQL not accepting connections after " + timeout);
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
