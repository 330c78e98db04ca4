package io.callpath.store;

import io.callpath.flow.CallerHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeat callers from the {@code calls} table, shared by every callpath server on the database.
 * A lookup answers within {@code lookupTimeout} (a server-side statement timeout and a bounded wait on a small
 * bounded pool); slow, down or overloaded means "new caller". {@link #remember} does nothing: the event writer
 * already puts every call, its caller and its seller into {@code calls}.
 */
public final class PostgresCallerHistory implements CallerHistory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresCallerHistory.class);
    private static final int PENDING_LOOKUPS = 1_000;

    // Callers without a number all look alike; they are never repeat callers.
    private static final String UNKNOWN = "unknown";

    private static final String LOOKUP = "SELECT c.t0, "
            + "(SELECT s.seller FROM calls s WHERE s.caller_number = c.caller_number AND s.seller IS NOT NULL "
            + "   AND s.linked_id <> ? ORDER BY s.t0 DESC LIMIT 1) AS last_seller "
            + "FROM calls c WHERE c.caller_number = ? AND c.linked_id <> ? AND c.t0 >= ? ORDER BY c.t0 DESC LIMIT 1";

    private final DataSource dataSource;
    private final Duration lookupTimeout;
    private final Clock clock;
    private final ThreadPoolExecutor lookups;

    /** @param threads concurrent lookups; more wait in a bounded queue, beyond that the caller is treated as new */
    public PostgresCallerHistory(DataSource dataSource, Duration lookupTimeout, Clock clock, int threads) {
        this.dataSource = dataSource;
        this.lookupTimeout = lookupTimeout;
        this.clock = clock;
        AtomicInteger number = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(PENDING_LOOKUPS),
                runnable -> {
                    Thread thread = new Thread(runnable, "callpath-caller-history-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public Optional<PreviousCall> lookup(String callerNumber, String currentLinkedId, Duration window) {
        if (callerNumber == null || callerNumber.isBlank() || UNKNOWN.equalsIgnoreCase(callerNumber)) {
            return Optional.empty();
        }
        Instant since = clock.instant().minus(window);
        Future<Optional<PreviousCall>> answer;
        try {
            answer = lookups.submit(() -> query(Text.clean(callerNumber), Text.clean(currentLinkedId), since));
        } catch (RejectedExecutionException e) {
            log.warn("repeat-caller lookups are backing up ({} waiting); callers are treated as new until the database "
                    + "answers faster — check PostgreSQL load", PENDING_LOOKUPS);
            return Optional.empty();
        }
        try {
            return answer.get(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            log.debug("repeat-caller lookup gave up after {} ms", lookupTimeout.toMillis());
            return Optional.empty();
        } catch (ExecutionException e) {
            log.debug("repeat-caller lookup failed: {}", e.getCause().getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Nothing to do: the calls table, written from the call's events, already holds the caller and the seller. */
    @Override
    public void remember(String callerNumber, String linkedId, String seller, Instant at) {
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }

    private Optional<PreviousCall> query(String callerNumber, String currentLinkedId, Instant since) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
                timeout.setString(1, lookupTimeout.toMillis() + "ms");
                timeout.execute();
            }
            try (PreparedStatement select = connection.prepareStatement(LOOKUP)) {
                select.setString(1, currentLinkedId);
                select.setString(2, callerNumber);
                select.setString(3, currentLinkedId);
                select.setTimestamp(4, Timestamp.from(since));
                try (ResultSet row = select.executeQuery()) {
                    Optional<PreviousCall> previous = row.next()
                            ? Optional.of(new PreviousCall(row.getTimestamp(1).toInstant(), row.getString(2)))
                            : Optional.empty();
                    connection.commit();
                    return previous;
                }
            }
        }
    }
}
