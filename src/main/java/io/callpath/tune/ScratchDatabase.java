package io.callpath.tune;

import io.callpath.config.DatabaseSettings;
import io.callpath.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One temporary embedded PostgreSQL that every candidate's simulated server writes to, started once (a fresh one
 * per candidate would spend most of the run in initdb). Each candidate's callers get their own numbers, so no
 * candidate's caller is a repeat caller of another's.
 */
final class ScratchDatabase implements AutoCloseable {

    private final Path directory;
    private final Database database;
    private final DatabaseSettings template;

    private ScratchDatabase(Path directory, Database database, DatabaseSettings template) {
        this.directory = directory;
        this.database = database;
        this.template = template;
    }

    static ScratchDatabase start(DatabaseSettings like) {
        Path directory;
        try {
            directory = Files.createTempDirectory("callpath-tune-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for tune's simulations", e);
        }
        DatabaseSettings embedded = new DatabaseSettings(
                null,
                "postgres",
                "",
                directory.resolve("pgdata"),
                0,
                directory.resolve("spool"),
                like.queueCapacity(),
                like.batchSize(),
                like.poolSize(),
                like.lookupTimeout());
        try {
            return new ScratchDatabase(directory, Database.start(embedded, Map.of()), embedded);
        } catch (RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    /** Settings that point a simulated server at this database, spooling into its own directory. */
    DatabaseSettings settingsFor(int run) {
        return new DatabaseSettings(
                database.jdbcUrl(),
                "postgres",
                "",
                template.dataDirectory(),
                0,
                directory.resolve("spool-" + run),
                template.queueCapacity(),
                template.batchSize(),
                template.poolSize(),
                template.lookupTimeout());
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
