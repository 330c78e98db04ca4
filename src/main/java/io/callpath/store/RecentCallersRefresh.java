package io.callpath.store;

import io.callpath.threads.DaemonThreads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link RecentCallers} from the {@code calls} table every {@code every}, so calls taken by other servers on the
 * same database are known within seconds: first the whole window, then only calls since the newest t0 seen (minus
 * {@code writerLag}, for rows the writers commit late). A failed or slow refresh leaves the index as it is.
 */
public final class RecentCallersRefresh implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecentCallersRefresh.class);

    private static final String CALLERS_SINCE = "SELECT caller_number, max(t0) FROM calls "
            + "WHERE t0 > ? AND caller_number IS NOT NULL AND caller_number <> '' AND lower(caller_number) <> 'unknown' "
            + "GROUP BY caller_number ORDER BY 2";

    private final DataSource dataSource;
    private final RecentCallers recentCallers;
    private final Duration window;
    private final Duration writerLag;
    private final Duration queryTimeout;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private Instant newestSeen; // only touched by the timer thread (and tests calling refresh directly)
    private boolean failing;
    private boolean everRefreshed;

    RecentCallersRefresh(
            DataSource dataSource,
            RecentCallers recentCallers,
            Duration window,
            Duration writerLag,
            Duration queryTimeout,
            Clock clock) {
        this.dataSource = dataSource;
        this.recentCallers = recentCallers;
        this.window = window;
        this.writerLag = writerLag;
        this.queryTimeout = queryTimeout;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("callpath-recent-callers"));
    }

    /**
     * Loads the window now (in the background) and then refreshes every {@code every}; each query is cut off after
     * {@code queryTimeout} (its own statement timeout, longer than the lookups' one on the same pool).
     */
    public static RecentCallersRefresh start(
            DataSource dataSource,
            RecentCallers recentCallers,
            Duration window,
            Duration every,
            Duration writerLag,
            Duration queryTimeout,
            Clock clock) {
        RecentCallersRefresh refresh =
                new RecentCallersRefresh(dataSource, recentCallers, window, writerLag, queryTimeout, clock);
        refresh.timer.scheduleWithFixedDelay(refresh::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return refresh;
    }

    /** One refresh: expires numbers outside the window, then reads the calls the index may not know yet. */
    synchronized void refresh() throws SQLException {
        Instant now = clock.instant();
        Instant windowStart = now.minus(window);
        recentCallers.expireBefore(windowStart);
        boolean firstLoad = newestSeen == null;
        Instant from = firstLoad ? windowStart : max(windowStart, newestSeen.minus(writerLag));
        int numbers;
        try (Connection connection = dataSource.getConnection()) {
            numbers = Transactions.inTransaction(connection, () -> {
                int found = 0;
                try (Statement timeout = connection.createStatement()) {
                    // A literal, not caller text: SET cannot take a bind parameter.
                    timeout.execute("SET LOCAL statement_timeout = " + queryTimeout.toMillis());
                }
                try (PreparedStatement select = connection.prepareStatement(CALLERS_SINCE)) {
                    select.setTimestamp(1, Timestamp.from(from));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Instant lastCall = rows.getTimestamp(2).toInstant();
                            recentCallers.seen(rows.getString(1), lastCall);
                            newestSeen = newestSeen == null ? lastCall : max(newestSeen, lastCall);
                            found++;
                        }
                    }
                }
                return found;
            });
        }
        if (firstLoad) {
            if (newestSeen == null) {
                newestSeen = now;
            }
            recentCallers.loadedSince(windowStart);
            log.info(
                    "recent callers loaded numbers={} window={}: new callers no longer wait for the database",
                    numbers,
                    window);
        } else {
            log.debug("recent callers refreshed numbers={} since={} size={}", numbers, from, recentCallers.size());
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
            everRefreshed = true;
            if (failing) {
                failing = false;
                log.info("recent callers refresh works again");
            }
        } catch (SQLException | RuntimeException failed) {
            if (!everRefreshed) {
                // Until the first load the database itself says it is unreachable (one WARN for an outage); say it once
                // more only at DEBUG.
                log.debug("recent callers not loaded yet: {}", failed.getMessage());
            } else if (!failing) {
                failing = true;
                log.warn(
                        "recent callers refresh failed ({}): repeat calls taken by other servers are not seen until "
                                + "it works again (calls on this server still are) — check PostgreSQL",
                        failed.getMessage());
            }
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        DaemonThreads.awaitTermination(timer, Duration.ofSeconds(1));
    }
}
