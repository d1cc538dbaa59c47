package io.mesoflow.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server from the embedded binaries on Maven Central; tests create their own databases. */
public final class PostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final int attachedPort;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.attachedPort = -1;
    }

    private PostgresServer(int port) {
        this.postgres = null;
        this.attachedPort = port;
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
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start());
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
