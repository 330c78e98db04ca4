package io.callpath.fault;

import io.callpath.config.DatabaseSettings;
import io.callpath.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The embedded PostgreSQL a callpath child left in {@code root/pgdata}, started again to read what it recorded. */
final class ChildDatabase {

    private ChildDatabase() {}

    static Database open(Path root) {
        DatabaseSettings settings = new DatabaseSettings(
                null,
                "postgres",
                "",
                root.resolve("pgdata"),
                0,
                root.resolve("spool-check"),
                1_000,
                100,
                2,
                Duration.ofSeconds(1));
        return Database.start(settings, Map.of());
    }
}
