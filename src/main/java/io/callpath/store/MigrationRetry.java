package io.callpath.store;

import io.callpath.threads.Backoff;
import io.callpath.threads.DaemonThreads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates an external database that may be down, on a thread of its own: tries at once, then after 0.5 s, twice as
 * long each time up to 30 s, until the migration (and what must follow it) succeeds or the database is closed.
 */
final class MigrationRetry {

    private static final Logger log = LoggerFactory.getLogger(MigrationRetry.class);
    private static final Backoff RETRY_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    private final DataSource pool;
    private final String shownUrl;
    private final Path spoolDirectory;
    private final Runnable afterMigration;
    private final BooleanSupplier closed;

    /**
     * @param shownUrl       the database's URL as the log lines may show it
     * @param afterMigration runs once the schema is there (stores the settings); when it throws, the attempt is retried
     * @param closed         true once the database is closed: the retries stop (Hikari or Flyway may swallow an interrupt)
     */
    MigrationRetry(
            DataSource pool, String shownUrl, Path spoolDirectory, Runnable afterMigration, BooleanSupplier closed) {
        this.pool = pool;
        this.shownUrl = shownUrl;
        this.spoolDirectory = spoolDirectory;
        this.afterMigration = afterMigration;
        this.closed = closed;
    }

    /** The started daemon thread {@code callpath-db-migrator}; interrupt it to stop waiting. */
    Thread start() {
        Thread migrator = DaemonThreads.unstarted("callpath-db-migrator", this::retry);
        migrator.start();
        return migrator;
    }

    private void retry() {
        Duration delay = RETRY_BACKOFF.first();
        for (int attempt = 1; !closed.getAsBoolean() && !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                Migrations.apply(pool);
                afterMigration.run();
                log.info(
                        "database migrated url={} after {} attempt(s); the event writer now writes and replays its spool",
                        shownUrl,
                        attempt);
                return;
            } catch (RuntimeException e) {
                if (closed.getAsBoolean()) {
                    return;
                }
                if (attempt == 1) {
                    log.warn(
                            "database unreachable or not migratable at {} ({}); callpath serves calls, events are spooled in {} "
                                    + "and written once it is back, repeat callers count as new until then — check that PostgreSQL "
                                    + "is running and reachable",
                            shownUrl,
                            rootCause(e),
                            spoolDirectory.toAbsolutePath());
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
            delay = RETRY_BACKOFF.after(delay);
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
}
