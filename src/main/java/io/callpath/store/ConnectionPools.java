package io.callpath.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * The two HikariCP pools, configured in one place: the main pool (event writer, reports, migrations) and the small
 * pool of repeat-caller lookups. Neither fails to start when the database is down: events are spooled until it is back.
 */
final class ConnectionPools {

    /** A query or write that takes longer than this is cut off by the driver rather than hanging a thread. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** Repeat-caller lookups' connections: one lookup never waits behind the event writer's batches. */
    static final int LOOKUP_CONNECTIONS = 2;

    private static final String CONNECT_TIMEOUT_SECONDS = "2";

    private ConnectionPools() {}

    /** The main pool with the production settings, not migrated: also how tests reach a database that is down. */
    static HikariDataSource main(String url, String user, String password, int poolSize) {
        HikariConfig config = common(url, user, password, "callpath-db");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "callpath");
        return new HikariDataSource(config);
    }

    /**
     * A small pool for repeat-caller lookups only, its connections opened with {@code statement_timeout} =
     * {@code statementTimeout}: a lookup is then one round trip (no SET per lookup, no transaction).
     */
    static HikariDataSource lookups(String url, String user, String password, Duration statementTimeout) {
        HikariConfig config = common(url, user, password, "callpath-lookups");
        config.setMaximumPoolSize(LOOKUP_CONNECTIONS);
        config.setMinimumIdle(LOOKUP_CONNECTIONS);
        // HikariCP's floor; the lookup's own budget gives up sooner, this only frees the lookup thread.
        config.setConnectionTimeout(Math.max(250, statementTimeout.toMillis()));
        config.addDataSourceProperty("options", "-c statement_timeout=" + Math.max(1, statementTimeout.toMillis()));
        config.addDataSourceProperty("ApplicationName", "callpath-lookups");
        return new HikariDataSource(config);
    }

    private static HikariConfig common(String url, String user, String password, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName(poolName);
        // Start even when the database is down: events are spooled until it comes back.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        return config;
    }
}
