package io.callpath.store;

import com.zaxxer.hikari.HikariDataSource;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.JdbcUrls;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics database: an external PostgreSQL when a URL is given, otherwise an embedded one ({@link SupervisedPostgres});
 * its two {@link ConnectionPools}; migrated ({@link Migrations}) at start, or, for a server that must take calls during
 * an outage ({@link #startServing}), in the background until it answers ({@link MigrationRetry}); the
 * {@link ServiceLevel} settings the views read.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Repeat-caller lookups' connections: one lookup never waits behind the event writer's batches. */
    public static final int LOOKUP_CONNECTIONS = ConnectionPools.LOOKUP_CONNECTIONS;

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
        return connect(settings, environment).migratedOrClosed();
    }

    /**
     * Like {@link #start}, but an external database that is down does not stop the server: the migration (and the
     * service level) is retried in the background with back-off, and {@link #migrated()} says when the schema is there.
     * An embedded database is local and is migrated before this returns.
     */
    public static Database startServing(DatabaseSettings settings, Map<String, String> environment) {
        Database database = connect(settings, environment);
        if (database.embedded != null) {
            return database.migratedOrClosed();
        }
        database.migrator = new MigrationRetry(
                        database.pool,
                        JdbcUrls.masked(database.jdbcUrl),
                        settings.spoolDirectory(),
                        database::markMigrated,
                        () -> database.closed)
                .start();
        return database;
    }

    /** This database, migrated; closed again when the migration fails. */
    private Database migratedOrClosed() {
        try {
            Migrations.apply(pool);
            markMigrated();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The schema is there: the service level kept meanwhile is stored, and from now on writes may go ahead. */
    private void markMigrated() {
        synchronized (migration) {
            if (serviceLevel != null) {
                serviceLevel.writeTo(pool);
            }
            migrated = true;
        }
    }

    private static Database connect(DatabaseSettings configured, Map<String, String> environment) {
        DatabaseSettings settings = configured.withEnvironment(environment);
        Optional<String> url = settings.externalUrl();
        return url.isPresent()
                ? external(
                        url.get(), settings.user(), settings.password(), settings.poolSize(), settings.lookupTimeout())
                : embedded(settings);
    }

    private static Database external(String url, String user, String password, int poolSize, Duration lookupTimeout) {
        HikariDataSource pool = ConnectionPools.main(url, user, password, poolSize);
        HikariDataSource lookupPool = ConnectionPools.lookups(url, user, password, lookupTimeout);
        log.info("database external url={}", JdbcUrls.masked(url));
        return new Database(pool, lookupPool, url, null);
    }

    private static Database embedded(DatabaseSettings settings) {
        SupervisedPostgres postgres = SupervisedPostgres.start(settings.dataDirectory(), settings.embeddedPort());
        String url = postgres.jdbcUrl();
        HikariDataSource pool = ConnectionPools.main(url, "postgres", "", settings.poolSize());
        HikariDataSource lookupPool = ConnectionPools.lookups(url, "postgres", "", settings.lookupTimeout());
        log.info(
                "database embedded PostgreSQL started dataDirectory={} url={} fsync=on synchronous_commit=on "
                        + "(connect with: psql -h localhost -p {} -U postgres; its log: {})",
                settings.dataDirectory().toAbsolutePath(),
                url,
                postgres.port(),
                settings.dataDirectory().toAbsolutePath().resolve(EmbeddedPostmaster.LOG_FILE));
        return new Database(pool, lookupPool, url, postgres);
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
                serviceLevel.writeTo(pool);
            }
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Connections for repeat-caller lookups only, with database.lookupTimeout as their statement timeout. */
    public DataSource lookupDataSource() {
        return lookupPool;
    }

    /** The JDBC URL psql, Grafana or a report can use. */
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
        return new DatabaseHealth(
                migrator == null ? DatabaseHealth.State.STARTING : DatabaseHealth.State.DOWN,
                startedAt,
                0,
                "external PostgreSQL at " + JdbcUrls.masked(jdbcUrl)
                        + " not reachable or not migrated yet; events are spooled");
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
