package io.callpath.http;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.callpath.agi.CommandTimings;
import io.callpath.agi.FastAgiServer;
import io.callpath.store.PostgresEventWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's meters apart from calls: FastAGI sessions and commands, the event writer, the database, HikariCP's
 * pools and the JVM. Gauges and counters read the parts when scraped; only {@link #completed} runs on a call's thread,
 * and it only adds to a timer.
 */
final class ServerMetrics implements CommandTimings, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);

    private final MeterRegistry registry;
    private final Map<String, Timer> commandTimers = new ConcurrentHashMap<>();
    private JvmGcMetrics gcMetrics;

    ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(String command, long nanos) {
        commandTimers
                .computeIfAbsent(
                        command,
                        name -> Timer.builder("callpath.agi.command")
                                .description("AGI commands sent to Asterisk, by name, from the write to the reply")
                                .tags("command", name)
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void bindServer(FastAgiServer server) {
        Gauge.builder("callpath.fastagi.sessions.live", server, FastAgiServer::activeSessions)
                .description("FastAGI sessions running now")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.fastagi.sessions.refused",
                        server,
                        s -> s.counts().notAllowed())
                .description("Connections refused because their address is not in server.allow")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.fastagi.sessions.overloaded",
                        server,
                        s -> s.counts().overloaded())
                .description("Sessions refused because server.maxSessions were running (told OVERLOADED)")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.fastagi.sessions.served",
                        server,
                        s -> s.counts().served())
                .description("Sessions that ran their script")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.fastagi.sessions.refused.stopping",
                        server,
                        s -> s.counts().refusedStopping())
                .description("Incoming calls told STOPPING during a shutdown")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.fastagi.bad.headers", server, s -> s.counts().badHeaders())
                .description("Connections closed for a bad or missing agi_ header")
                .register(registry);
        Gauge.builder("callpath.fastagi.calls.open", server, s -> s.counts().openCalls())
                .description("Calls in flight: incoming session seen, caller hang-up not yet served")
                .register(registry);
    }

    void bindWriter(PostgresEventWriter writer, Clock wallClock) {
        Gauge.builder(
                        "callpath.writer.queued",
                        writer,
                        w -> w.metrics().queueDepth() + w.metrics().overflowDepth())
                .baseUnit("events")
                .description("Events waiting in memory for the database or the spool")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.writer.written", writer, w -> w.metrics().writtenEvents())
                .baseUnit("events")
                .description("Events committed to PostgreSQL (replays included)")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.writer.spooled", writer, w -> w.metrics().spooledEvents())
                .baseUnit("events")
                .description("Events written to the spool file (queue full or database down)")
                .register(registry);
        FunctionCounter.builder("callpath.writer.lost", writer, w -> w.metrics().lostEvents())
                .baseUnit("events")
                .description("Events dropped because both in-memory queues were full or the spool failed")
                .register(registry);
        FunctionCounter.builder(
                        "callpath.writer.dead.lettered",
                        writer,
                        w -> w.metrics().rejectedEvents())
                .baseUnit("events")
                .description("Events PostgreSQL refused as bad data, kept in rejected-events.jsonl")
                .register(registry);
        Gauge.builder(
                        "callpath.writer.lag",
                        writer,
                        w -> w.oldestQueuedEventTime()
                                .map(oldest -> Math.max(
                                                0,
                                                Duration.between(oldest, wallClock.instant())
                                                        .toMillis())
                                        / 1000.0)
                                .orElse(0.0))
                .baseUnit("seconds")
                .description("Age of the oldest event waiting in memory for the database; 0 when none waits")
                .register(registry);
    }

    void bindDatabase(BooleanSupplier databaseUp, DataSource... pools) {
        Gauge.builder("callpath.database.up", databaseUp, up -> up.getAsBoolean() ? 1 : 0)
                .description("1 when the last probe of PostgreSQL succeeded")
                .strongReference(true)
                .register(registry);
        for (DataSource pool : pools) {
            if (pool instanceof HikariDataSource hikari) {
                try {
                    hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
                } catch (IllegalStateException alreadySet) {
                    log.debug(
                            "HikariCP pool {} already has metrics: {}", hikari.getPoolName(), alreadySet.getMessage());
                }
            }
        }
    }

    void bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
    }
}
