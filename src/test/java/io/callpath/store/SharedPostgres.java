package io.callpath.store;

import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallTimeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL for the whole test run, migrated by the real migrations; stopped at the test JVM's exit by a
 * hook of its own (production callpath has none: its shutdown closes the database last).
 */
public final class SharedPostgres {

    private static Database database;

    private SharedPostgres() {}

    public static synchronized Database database() {
        if (database == null) {
            try {
                Path root = Files.createTempDirectory("callpath-store-test");
                DatabaseSettings settings = new DatabaseSettings(
                        null,
                        "postgres",
                        "",
                        root.resolve("pgdata"),
                        0,
                        root.resolve("spool"),
                        1000,
                        100,
                        4,
                        Duration.ofMillis(200));
                database = Database.start(settings, Map.of());
                Database started = database;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return database;
    }

    /** The embedded PostgreSQL's port (a proxy in front of it needs it). */
    public static int port() {
        String url = database().jdbcUrl();
        return Integer.parseInt(url.replaceAll("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
    }

    /**
     * A new, empty database in the shared PostgreSQL (dropped first if a test before left it), for a test class that
     * needs a database of its own: a server that migrates it, or migrations under test. Returns its JDBC URL (user
     * {@code postgres}, no password).
     */
    public static String freshDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute("CREATE DATABASE " + name);
        return database().jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/" + name + "$1");
    }

    /** Drops a database made by {@link #freshDatabase}, with any connection still open to it. */
    public static void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** On a connection of its own, not the pool's: CREATE and DROP DATABASE may outlast its socket timeout on a loaded machine. */
    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(database().jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Empties the callback tables and the do-not-call list. */
    public static void cleanCallbacks() {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE callback_events, callbacks, do_not_call");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A started writer into the shared database, spooling to {@code spool}: queue 1,000, batches of 100, 4 connections. */
    public static PostgresEventWriter startedWriter(Path spool) {
        DatabaseSettings settings =
                new DatabaseSettings(null, "postgres", "", spool, 0, spool, 1000, 100, 4, Duration.ofMillis(200));
        return new PostgresEventWriter(
                        dataSource(), settings, CallTimeline::summarize, Duration.ofSeconds(3), System::nanoTime)
                .start();
    }

    static DataSource dataSource() {
        return database().dataSource();
    }

    /** Empties the call tables and restores the default service-level settings. */
    public static void clean() {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE calls, call_events");
            statement.execute("UPDATE settings SET service_level_target_ms = 10000, short_abandon_ms = 5000");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
