package io.callpath.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The schema: Flyway over {@code src/main/resources/db/migration}, configured here only. */
final class Migrations {

    private static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    /** Applies every migration not yet applied; throws when the database cannot be reached or migrated. */
    static void apply(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(LOCATION).load().migrate();
    }
}
