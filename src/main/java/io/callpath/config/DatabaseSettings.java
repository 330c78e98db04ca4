package io.callpath.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where call metrics go ({@code database:} in the YAML).
 *
 * @param url            JDBC URL of an external PostgreSQL; null means "start the embedded one"
 *                       (environment variable CALLPATH_DATABASE_URL overrides)
 * @param user           user for {@code url} (CALLPATH_DATABASE_USER)
 * @param password       password for {@code url} (CALLPATH_DATABASE_PASSWORD)
 * @param dataDirectory  embedded PostgreSQL's data directory; survives restarts
 * @param embeddedPort   embedded PostgreSQL's port; 0 picks a free one
 * @param spoolDirectory where events wait while the database is slow or down
 * @param queueCapacity  events held in memory before they go to the spool
 * @param batchSize      events per INSERT batch
 * @param poolSize       HikariCP maximum pool size
 * @param lookupTimeout  how long a call may wait for a repeat-caller lookup before it is treated as a new caller
 */
public record DatabaseSettings(
        String url,
        String user,
        String password,
        Path dataDirectory,
        int embeddedPort,
        Path spoolDirectory,
        int queueCapacity,
        int batchSize,
        int poolSize,
        Duration lookupTimeout) {

    public static DatabaseSettings defaults() {
        return new DatabaseSettings(null, "postgres", "", Path.of("var/pgdata"), 0, Path.of("var/spool"),
                100_000, 500, 4, Duration.ofMillis(200));
    }

    public Optional<String> externalUrl() {
        return Optional.ofNullable(url).filter(u -> !u.isBlank());
    }
}
