package io.callpath.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.JdbcUrls;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics database: an external PostgreSQL when a URL is given, otherwise an embedded one; migrated at start,
 * or, for a server that must take calls during an outage ({@link #startServing}), in the background until it answers.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration FIRST_MIGRATION_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_MIGRATION_RETRY = Duration.ofSeconds(30);

    /** A query or write that takes longer than this is cut off by the driver rather than hanging a thread. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    /** Repeat-caller lookups' connections: one lookup never waits behind the event writer's batches. */
    public static final int LOOKUP_CONNECTIONS = 2;

    private final HikariDataSource pool;
    private final HikariDataSource lookupPool;
    private final String jdbcUrl;
    private final SupervisedPostgres embedded;
    private final Instant startedAt = Instant.now();
    private final Object migration = new Object();
    private volatile boolean migrated;
    private volatile boolean closed;
    private ServiceLevel serviceLevel;
    private Thread migrator;

    private record ServiceLevel(Duration target, Duration shortAbandon) {
    }

    private Database(HikariDataSource pool, HikariDataSource lookupPool, String jdbcUrl, SupervisedPostgres embedded) {
        this.pool = pool;
        this.lookupPool = lookupPool;
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    /**
     * Connects (starting the embedded PostgreSQL when no URL is configured) and applies the migrations.
     *
     * @param environment process environment; CALLPATH_DATABASE_URL / _USER / _PASSWORD override the settings
     */
    public static Database start(DatabaseSettings settings, Map<String, String> environment) {
        Database database = connect(settings, environment);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Like {@link #start}, but an external database that is down does not stop the server: the migration (and the
     * service level) is retried in the background with back-off, and {@link #migrated()} says when the schema is there.
     * An embedded database is local and is migrated before this returns.
     */
    public static Database startServing(DatabaseSettings settings, Map<String, String> environment) {
        Database database = connect(settings, environment);
        if (database.embedded != null) {
            try {
                database.migrate();
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
            return database;
        }
        database.migrateInBackground(settings.spoolDirectory());
        return database;
    }

    private static Database connect(DatabaseSettings configured, Map<String, String> environment) {
        DatabaseSettings settings = configured.withEnvironment(environment);
        Optional<String> url = settings.externalUrl();
        return url.isPresent()
                ? external(url.get(), settings.user(), settings.password(), settings.poolSize(), settings.lookupTimeout())
                : embedded(settings);
    }

    private static Database external(String url, String user, String password, int poolSize, Duration lookupTimeout) {
        HikariDataSource pool = pool(url, user, password, poolSize);
        HikariDataSource lookupPool = lookupPool(url, user, password, lookupTimeout);
        log.info("database external url={}", JdbcUrls.masked(url));
        return new Database(pool, lookupPool, url, null);
    }

    private static Database embedded(DatabaseSettings settings) {
        SupervisedPostgres postgres = SupervisedPostgres.start(settings.dataDirectory(), settings.embeddedPort());
        String url = postgres.jdbcUrl();
        HikariDataSource pool = pool(url, "postgres", "", settings.poolSize());
        HikariDataSource lookupPool = lookupPool(url, "postgres", "", settings.lookupTimeout());
        log.info("database embedded PostgreSQL started dataDirectory={} url={} fsync=on synchronous_commit=on "
                        + "(connect with: psql -h localhost -p {} -U postgres; its log: {})",
                settings.dataDirectory().toAbsolutePath(), url, postgres.port(),
                settings.dataDirectory().toAbsolutePath().resolve(EmbeddedPostmaster.LOG_FILE));
        return new Database(pool, lookupPool, url, postgres);
    }

    /** A pool with the production settings, not migrated: also how tests reach a database that is down. */
    static HikariDataSource pool(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("callpath-db");
        config.setConnectionTimeout(2_000);
        // Start even when the database is down: events are spooled until it comes back.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "callpath");
        return new HikariDataSource(config);
    }

    /**
     * A small pool for repeat-caller lookups only, its connections opened with {@code statement_timeout} =
     * {@code statementTimeout}: a lookup is then one round trip (no SET per lookup, no transaction).
     */
    static HikariDataSource lookupPool(String url, String user, String password, Duration statementTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(LOOKUP_CONNECTIONS);
        config.setMinimumIdle(LOOKUP_CONNECTIONS);
        config.setPoolName("callpath-lookups");
        // HikariCP's floor; the lookup's own budget gives up sooner, this only frees the lookup thread.
        config.setConnectionTimeout(Math.max(250, statementTimeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("options", "-c statement_timeout=" + Math.max(1, statementTimeout.toMillis()));
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("ApplicationName", "callpath-lookups");
        return new HikariDataSource(config);
    }

    private void migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        synchronized (migration) {
            migrated = true;
        }
    }

    private void migrateInBackground(Path spoolDirectory) {
        migrator = new Thread(() -> retryMigration(spoolDirectory), "callpath-db-migrator");
        migrator.setDaemon(true);
        migrator.start();
    }

    private void retryMigration(Path spoolDirectory) {
        Duration delay = FIRST_MIGRATION_RETRY;
        // closed, not only the interrupt: Hikari or Flyway may swallow the interrupt flag
        for (int attempt = 1; !closed && !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
                synchronized (migration) {
                    if (serviceLevel != null) {
                        writeServiceLevel(serviceLevel);
                    }
                    migrated = true;
                }
                log.info("database migrated url={} after {} attempt(s); the event writer now writes and replays its spool",
                        JdbcUrls.masked(jdbcUrl), attempt);
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (attempt == 1) {
                    log.warn("database unreachable or not migratable at {} ({}); callpath serves calls, events are spooled in {} "
                            + "and written once it is back, repeat callers count as new until then — check that PostgreSQL "
                            + "is running and reachable", JdbcUrls.masked(jdbcUrl), rootCause(e), spoolDirectory.toAbsolutePath());
                } else {
                    log.debug("database migration attempt {} failed: {}", attempt, rootCause(e));
                }
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delay = delay.multipliedBy(2).compareTo(MAX_MIGRATION_RETRY) > 0 ? MAX_MIGRATION_RETRY : delay.multipliedBy(2);
        }
    }

    /** The innermost cause's first line: Flyway's own messages span several lines, and a WARN must stay one line. */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    /** True once the schema is migrated: before that nothing may be written. */
    public boolean migrated() {
        return migrated;
    }

    /**
     * Stores the service-level definition the dashboard views use (one-row table {@code settings}); before the
     * schema is migrated ({@link #startServing} during an outage) it is kept and stored right after the migration.
     */
    public void updateServiceLevel(Duration target, Duration shortAbandon) {
        synchronized (migration) {
            serviceLevel = new ServiceLevel(target, shortAbandon);
            if (migrated) {
                writeServiceLevel(serviceLevel);
            }
        }
    }

    private void writeServiceLevel(ServiceLevel level) {
        Duration target = level.target();
        Duration shortAbandon = level.shortAbandon();
        try (Connection connection = pool.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE settings SET service_level_target_ms = ?, short_abandon_ms = ?")) {
            update.setLong(1, target.toMillis());
            update.setLong(2, shortAbandon.toMillis());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update the settings table: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Connections for repeat-caller lookups only, with database.lookupTimeout as their statement timeout. */
    public DataSource lookupDataSource() {
        return lookupPool;
    }

    /** The JDBC URL psql, Grafana or a report can use, password included: log {@link JdbcUrls#masked} of it instead. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * The database's state for a health check: for the embedded PostgreSQL its supervisor's state (UP, DOWN while it is
     * dead, RESTARTING, ...); for an external one UP once migrated, DOWN while the migration is retried. Whether writes
     * succeed right now is {@link PostgresEventWriter#metrics()}{@code .databaseReachable()}; a readiness check wants both.
     */
    public DatabaseHealth health() {
        if (embedded != null) {
            return embedded.health();
        }
        if (closed) {
            return new DatabaseHealth(DatabaseHealth.State.STOPPED, Instant.now(), 0, "closed");
        }
        if (migrated) {
            return new DatabaseHealth(DatabaseHealth.State.UP, startedAt, 0, "");
        }
        return new DatabaseHealth(migrator == null ? DatabaseHealth.State.STARTING : DatabaseHealth.State.DOWN, startedAt, 0,
                "external PostgreSQL at " + JdbcUrls.masked(jdbcUrl) + " not reachable or not migrated yet; events are spooled");
    }

    /** The embedded postmaster's pid; empty for an external database (the fault suite signals it). */
    public java.util.OptionalLong embeddedPid() {
        return embedded == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(embedded.pid());
    }

    /**
     * Closes the pools and stops the embedded PostgreSQL (fast shutdown: a checkpoint, then exit); an external database is
     * only disconnected. Nothing else stops the embedded server: not the JVM's exit (a killed callpath leaves it running,
     * and the next start stops it), not a Ctrl-C (it runs in its own session). So a shutdown must call, in this order:
     * stop taking calls, let the live sessions finish, {@link PostgresEventWriter#flush(Duration)} (every queued and
     * spooled event into PostgreSQL), {@link PostgresEventWriter#close()}, and only then this.
     */
    @Override
    public void close() {
        closed = true;
        if (migrator != null) {
            migrator.interrupt();
        }
        lookupPool.close();
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
