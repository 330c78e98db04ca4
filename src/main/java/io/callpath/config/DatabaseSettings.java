package io.callpath.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
        return new DatabaseSettings(
                null,
                "postgres",
                "",
                Path.of("var/pgdata"),
                0,
                Path.of("var/spool"),
                100_000,
                2_000,
                4,
                Duration.ofMillis(200));
    }

    /** The environment variables that override url, user and password ({@link #withEnvironment}). */
    public static final String URL_VARIABLE = "CALLPATH_DATABASE_URL";

    public static final String USER_VARIABLE = "CALLPATH_DATABASE_USER";
    public static final String PASSWORD_VARIABLE = "CALLPATH_DATABASE_PASSWORD";

    /**
     * The same settings with url, user and password from {@value #URL_VARIABLE}, {@value #USER_VARIABLE} and
     * {@value #PASSWORD_VARIABLE} where set and not blank (a password keeps its spaces).
     */
    public DatabaseSettings withEnvironment(Map<String, String> environment) {
        return new DatabaseSettings(
                variable(environment, URL_VARIABLE).map(String::strip).orElse(url),
                variable(environment, USER_VARIABLE).map(String::strip).orElse(user),
                variable(environment, PASSWORD_VARIABLE).orElse(password),
                dataDirectory,
                embeddedPort,
                spoolDirectory,
                queueCapacity,
                batchSize,
                poolSize,
                lookupTimeout);
    }

    /** The same settings on the external database at {@code newUrl}, with this user and password. */
    public DatabaseSettings withUrl(String newUrl) {
        return new DatabaseSettings(
                newUrl,
                user,
                password,
                dataDirectory,
                embeddedPort,
                spoolDirectory,
                queueCapacity,
                batchSize,
                poolSize,
                lookupTimeout);
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (url == null ? null : JdbcUrls.masked(url)) + ", user=" + user + ", password="
                + (password == null || password.isEmpty() ? "(none)" : "(set)") + ", dataDirectory=" + dataDirectory
                + ", embeddedPort=" + embeddedPort + ", spoolDirectory=" + spoolDirectory + ", queueCapacity="
                + queueCapacity + ", batchSize=" + batchSize + ", poolSize=" + poolSize + ", lookupTimeout="
                + lookupTimeout + "]";
    }

    public Optional<String> externalUrl() {
        return Optional.ofNullable(url).filter(u -> !u.isBlank());
    }
}
