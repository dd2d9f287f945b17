package io.kept.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server run from the zonky binaries: no installation, no Docker.
 * Used by the test resources (a throw-away data directory) and by {@code ./kept up}
 * (a data directory under {@code .kept/} that survives restarts).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Duration startup;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Duration startup) {
        this.postgres = postgres;
        this.startup = startup;
    }

    /**
     * Starts a server.
     *
     * @param port 0 for any free port
     * @param dataDirectory where the cluster lives; kept when {@code keepData} is true
     */
    public static EmbeddedPostgresServer start(int port, Path dataDirectory, boolean keepData) {
        return start(port, dataDirectory, keepData, Map.of());
    }

    /** Starts a server with more settings of postgresql.conf (TLS, for one: {@code ssl}, {@code ssl_cert_file}, ...). */
    public static EmbeddedPostgresServer start(int port, Path dataDirectory, boolean keepData, Map<String, String> settings) {
        long started = System.nanoTime();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setCleanDataDirectory(!keepData)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", keepData ? "on" : "off");
            settings.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory);
            }
            EmbeddedPostgres postgres = builder.start();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof("Embedded PostgreSQL started on 127.0.0.1:%d in %d ms", postgres.getPort(), took.toMillis());
            return new EmbeddedPostgresServer(postgres, took);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Duration startup() {
        return startup;
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Superuser connection to the maintenance database. */
    public Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
    }

    /** Creates a login role and a database it owns, unless they exist already. */
    public void ensureDatabase(String database, String user, String password) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            ensureRole(s, user, password);
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + identifier(database) + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(user));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    /** A login role that may create roles (analytics-service's migration creates the read-only kept_bi). */
    static void ensureRole(Statement s, String user, String password) throws SQLException {
        try (var rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + identifier(user) + "'")) {
            if (!rs.next()) {
                s.execute("CREATE ROLE " + identifier(user) + " LOGIN CREATEROLE PASSWORD '" + password.replace("'", "''") + "'");
            } else {
                s.execute("ALTER ROLE " + identifier(user) + " CREATEROLE");
            }
        }
    }

    /** Database and role names here are ours, never user input; still, refuse anything odd. */
    static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain identifier: " + name);
        }
        return name;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
