package io.callpath.http;

import io.callpath.agi.FastAgiServer;
import io.callpath.store.DatabaseHealth;
import io.callpath.store.PostgresEventWriter;
import io.callpath.store.WriterMetrics;
import io.callpath.threads.DaemonThreads;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what readiness depends on, on its own thread ({@code callpath-health}), so that a health request or a
 * scrape only reads fields: the database is probed every {@link #PROBE_EVERY}, and the writer's loss counter is
 * compared with the last tick. Ready = FastAGI listening and no event lost within {@link #LOSS_WINDOW};
 * database down = degraded (calls are served, events spooled), still ready.
 */
final class HealthWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthWatch.class);
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    static final Duration LOSS_WINDOW = Duration.ofSeconds(60);
    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private final FastAgiServer server;
    private final PostgresEventWriter writer;
    private final DataSource dataSource;
    private final Supplier<DatabaseHealth> databaseHealth;
    private final LongSupplier nanoTime;
    private final Thread thread;
    private volatile boolean databaseUp = true;
    private volatile String databaseProblem = "";
    private volatile long lostAtLastTick;
    private volatile long lastLossNanos;
    private volatile boolean lostRecently;
    private volatile boolean closed;

    /** @param databaseHealth the database's own state ({@code Database.health()}: embedded supervision, migration) */
    HealthWatch(
            FastAgiServer server,
            PostgresEventWriter writer,
            DataSource dataSource,
            Supplier<DatabaseHealth> databaseHealth,
            LongSupplier nanoTime) {
        this.server = server;
        this.writer = writer;
        this.dataSource = dataSource;
        this.databaseHealth = databaseHealth;
        this.nanoTime = nanoTime;
        this.lostAtLastTick = writer.metrics().lostEvents();
        this.thread = DaemonThreads.unstarted("callpath-health", this::run);
    }

    HealthWatch start() {
        tick();
        thread.start();
        return this;
    }

    /** The last probe answered and the database says it is up (an embedded one may be restarting). */
    boolean databaseUp() {
        return databaseUp && databaseHealth.get().up();
    }

    /** The readiness verdict with its detail, from the fields the last tick left (never blocks). */
    HealthReport ready() {
        WriterMetrics metrics = writer.metrics();
        boolean listening = server.listening();
        boolean losing = lostRecently || metrics.lostEvents() > lostAtLastTick;
        DatabaseHealth state = databaseHealth.get();
        boolean databaseAnswers = databaseUp && state.up();
        String status = !listening || losing ? "not_ready" : databaseAnswers ? "ready" : "degraded";
        Map<String, Object> fastAgi = new LinkedHashMap<>();
        fastAgi.put("listening", listening);
        fastAgi.put("liveSessions", server.activeSessions());
        Map<String, Object> writerDetail = new LinkedHashMap<>();
        writerDetail.put("losingEvents", losing);
        writerDetail.put("queuedEvents", metrics.queueDepth() + metrics.overflowDepth());
        writerDetail.put("spooledEvents", metrics.spooledEvents());
        writerDetail.put("lostEvents", metrics.lostEvents());
        writerDetail.put("deadLetteredEvents", metrics.rejectedEvents());
        writerDetail.put("lastWriteSucceeded", metrics.databaseReachable());
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("up", databaseAnswers);
        database.put("state", state.state().name().toLowerCase(java.util.Locale.ROOT));
        database.put("since", state.since().toString());
        database.put("restarts", state.restarts());
        if (!databaseAnswers) {
            database.put("problem", !state.detail().isEmpty() ? state.detail() : databaseProblem);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", status);
        detail.put("fastagi", fastAgi);
        detail.put("writer", writerDetail);
        detail.put("database", database);
        return new HealthReport(status, status.equals("not_ready") ? 503 : 200, detail);
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(PROBE_EVERY.toMillis());
            } catch (InterruptedException stop) {
                return;
            }
            tick();
        }
    }

    private void tick() {
        long lost = writer.metrics().lostEvents();
        long now = nanoTime.getAsLong();
        if (lost > lostAtLastTick) {
            lastLossNanos = now;
            lostRecently = true;
        } else if (lostRecently && now - lastLossNanos > LOSS_WINDOW.toNanos()) {
            lostRecently = false;
        }
        lostAtLastTick = lost;
        probeDatabase();
    }

    private void probeDatabase() {
        boolean wasUp = databaseUp;
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(PROBE_TIMEOUT_SECONDS)) {
                throw new SQLException("connection not valid within " + PROBE_TIMEOUT_SECONDS + " s");
            }
            databaseUp = true;
            databaseProblem = "";
            if (!wasUp) {
                log.info("health: database reachable again");
            }
        } catch (SQLException | RuntimeException down) {
            databaseProblem = String.valueOf(down.getMessage())
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip();
            databaseUp = false;
            if (wasUp) {
                log.warn(
                        "health: database unreachable ({}); /health/ready says degraded, events are spooled",
                        databaseProblem);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** The verdict: status ready / degraded / not_ready, the HTTP status to answer with, the JSON detail. */
    record HealthReport(String status, int httpStatus, Map<String, Object> detail) {}
}
