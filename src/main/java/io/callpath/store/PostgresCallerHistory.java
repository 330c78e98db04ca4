package io.callpath.store;

import io.callpath.flow.CallerHistory;
import io.callpath.threads.DaemonThreads;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Repeat callers from the {@code calls} table, shared by every callpath server on the database.
 * A lookup answers within {@code lookupTimeout} (the lookup pool's statement timeout, see Database#lookupDataSource,
 * and a bounded wait on a small bounded thread pool); slow, down or overloaded means "new caller". A number that
 * {@link RecentCallers} certainly has not seen within the window is a new caller at once, without a round trip (most
 * callers); {@link #remember} tells that index about this server's calls (the event writer puts them into {@code calls}).
 */
public final class PostgresCallerHistory implements CallerHistory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresCallerHistory.class);
    private static final int PENDING_LOOKUPS = 1_000;

    // Callers without a number all look alike; they are never repeat callers.
    private static final String UNKNOWN = "unknown";

    private static final String LOOKUP = "SELECT c.t0, s.seller, s.seller_department "
            + "FROM calls c LEFT JOIN LATERAL (SELECT r.seller, r.seller_department FROM calls r "
            + "   WHERE r.caller_number = c.caller_number AND r.seller IS NOT NULL AND r.linked_id <> ? "
            + "   ORDER BY r.t0 DESC LIMIT 1) s ON true "
            + "WHERE c.caller_number = ? AND c.linked_id <> ? AND c.t0 >= ? ORDER BY c.t0 DESC LIMIT 1";

    private final DataSource dataSource;
    private final Duration lookupTimeout;
    private final Clock clock;
    private final ThreadPoolExecutor lookups;
    private final RecentCallers recentCallers;

    /** Every lookup asks the database (no recent-callers index). */
    public PostgresCallerHistory(DataSource dataSource, Duration lookupTimeout, Clock clock, int threads) {
        this(dataSource, lookupTimeout, clock, threads, new RecentCallers(1));
    }

    /**
     * @param threads       concurrent lookups; more wait in a bounded queue, beyond that the caller is treated as new
     * @param recentCallers numbers it rules out skip the database; until it is loaded every lookup asks the database
     */
    public PostgresCallerHistory(
            DataSource dataSource, Duration lookupTimeout, Clock clock, int threads, RecentCallers recentCallers) {
        this.dataSource = dataSource;
        this.recentCallers = recentCallers;
        this.lookupTimeout = lookupTimeout;
        this.clock = clock;
        this.lookups = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(PENDING_LOOKUPS),
                DaemonThreads.numbered("callpath-caller-history-"));
    }

    @Override
    public Optional<PreviousCall> lookup(String callerNumber, String currentLinkedId, Duration window) {
        try {
            return lookupAsync(callerNumber, currentLinkedId, window).get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException impossible) {
            // lookupAsync never completes exceptionally; should it ever, the caller is new, as the contract says.
            log.error("bug: repeat-caller lookup failed", impossible.getCause());
            return Optional.empty();
        }
    }

    /** Queued on the bounded lookup pool; answers empty after {@code lookupTimeout}, a lookup still queued then is skipped. */
    @Override
    public CompletableFuture<Optional<PreviousCall>> lookupAsync(
            String callerNumber, String currentLinkedId, Duration window) {
        if (callerNumber == null || callerNumber.isBlank() || UNKNOWN.equalsIgnoreCase(callerNumber)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Instant since = clock.instant().minus(window);
        if (!recentCallers.mayHaveCalledSince(Text.clean(callerNumber), since)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<Optional<PreviousCall>> answer = new CompletableFuture<>();
        try {
            lookups.execute(() -> {
                if (!answer.isDone()) {
                    answer.complete(queryOrEmpty(Text.clean(callerNumber), Text.clean(currentLinkedId), since));
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn(
                    "repeat-caller lookups are backing up ({} waiting); callers are treated as new until the database "
                            + "answers faster — check PostgreSQL load",
                    PENDING_LOOKUPS);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String call = MDC.get("call");
        return answer.orTimeout(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(timedOut -> {
            // Runs on the JDK's timeout thread: carry the call's MDC so the line still names its call.
            MDC.put("call", call);
            try {
                log.debug("repeat-caller lookup gave up after {} ms", lookupTimeout.toMillis());
            } finally {
                MDC.remove("call");
            }
            return Optional.empty();
        });
    }

    /** Only the index learns: the calls table, written from the call's events, already holds the caller and the seller. */
    @Override
    public void remember(String callerNumber, String linkedId, String seller, String department, Instant at) {
        if (callerNumber != null && !callerNumber.isBlank() && !UNKNOWN.equalsIgnoreCase(callerNumber)) {
            recentCallers.seen(Text.clean(callerNumber), at);
        }
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }

    private Optional<PreviousCall> queryOrEmpty(String callerNumber, String currentLinkedId, Instant since) {
        try {
            return query(callerNumber, currentLinkedId, since);
        } catch (SQLException | RuntimeException failed) {
            log.debug("repeat-caller lookup failed: {}", failed.getMessage());
            return Optional.empty();
        }
    }

    /** One round trip: the statement timeout was set when the connection was opened (ConnectionPools.lookups). */
    private Optional<PreviousCall> query(String callerNumber, String currentLinkedId, Instant since)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(LOOKUP)) {
                select.setString(1, currentLinkedId);
                select.setString(2, callerNumber);
                select.setString(3, currentLinkedId);
                select.setTimestamp(4, Timestamp.from(since));
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new PreviousCall(
                                    row.getTimestamp(1).toInstant(), row.getString(2), row.getString(3)))
                            : Optional.empty();
                }
            }
        }
    }
}
