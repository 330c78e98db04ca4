package io.callpath.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The one home of the rules for {@code database:} (after CALLPATH_DATABASE_* is applied): check-config and the loader
 * report them, and the event writer refuses settings that break them.
 */
public final class DatabaseRules {

    private static final String JDBC_PREFIX = "jdbc:postgresql:";

    private DatabaseRules() {}

    /** Every problem of {@code database}, each with its key and a fix; a URL shows with its password masked. */
    public static List<ConfigProblem> check(DatabaseSettings database) {
        List<ConfigProblem> problems = new ArrayList<>();
        database.externalUrl()
                .filter(url -> !url.startsWith(JDBC_PREFIX))
                .ifPresent(url -> problems.add(new ConfigProblem(
                        "database.url",
                        "'" + JdbcUrls.masked(url) + "' is not a PostgreSQL JDBC URL",
                        "write jdbc:postgresql://HOST:5432/DATABASE, or leave database.url and "
                                + DatabaseSettings.URL_VARIABLE + " out for the embedded PostgreSQL")));
        if (database.embeddedPort() < 0 || database.embeddedPort() > 65_535) {
            problems.add(new ConfigProblem(
                    "database.embeddedPort",
                    database.embeddedPort() + " is not a TCP port",
                    "use 1-65535, or 0 (the default) for a free port chosen at start"));
        }
        Rules.positive("database.queueCapacity", database.queueCapacity(), problems);
        Rules.positive("database.batchSize", database.batchSize(), problems);
        Rules.positive("database.poolSize", database.poolSize(), problems);
        Rules.positive("database.lookupTimeout", database.lookupTimeout(), problems);
        return problems;
    }

    /** {@link #check} as one IllegalArgumentException (a programming error: the loader reports these first). */
    public static DatabaseSettings requireValid(DatabaseSettings database) {
        Rules.requireNone(check(database));
        return database;
    }
}
