package io.callpath.http;

import io.callpath.agi.CommandTimings;
import io.callpath.agi.FastAgiServer;
import io.callpath.config.CallpathConfig;
import io.callpath.config.HttpRules;
import io.callpath.config.HttpSettings;
import io.callpath.desk.Desks;
import io.callpath.events.EventSink;
import io.callpath.store.CallQueries;
import io.callpath.store.CallbacksToday;
import io.callpath.store.Database;
import io.callpath.store.PostgresEventWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/**
 * Live operations in the callpath process: the Prometheus meters, the health checks and the wallboard, served over
 * HTTP ({@code http:} in the config). Started in two steps because the FastAGI server needs the event sink and the
 * command timings before it exists: {@link #start} before the server is built, {@link #serve} before it listens.
 * With {@code http.enabled: false} it is inert: a sink that drops events, no timings, no thread, no port.
 */
public final class LiveOps implements AutoCloseable {

    /** The wallboard's callbacks query gives up after this (the board keeps the figures it had). */
    private static final java.time.Duration CALLBACKS_QUERY_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final HttpSettings settings;
    private final PrometheusMeterRegistry registry;
    private final ServerMetrics serverMetrics;
    private final LiveFeed feed;
    private final BoardSubscribers subscribers;
    private final Database database;
    private final PostgresEventWriter writer;
    private final Clock wallClock;
    private HealthWatch health;
    private OpsHttpServer http;
    private DeskSubscribers deskSubscribers;

    private LiveOps(
            HttpSettings settings,
            PrometheusMeterRegistry registry,
            ServerMetrics serverMetrics,
            LiveFeed feed,
            BoardSubscribers subscribers,
            Database database,
            PostgresEventWriter writer,
            Clock wallClock) {
        this.settings = settings;
        this.registry = registry;
        this.serverMetrics = serverMetrics;
        this.feed = feed;
        this.subscribers = subscribers;
        this.database = database;
        this.writer = writer;
        this.wallClock = wallClock;
    }

    /**
     * The meters and the wallboard's feed, reading today's calls from {@code database}; nothing listens yet.
     *
     * @throws IllegalArgumentException when the settings break {@link HttpRules} (check-config reports that first)
     */
    public static LiveOps start(
            CallpathConfig config,
            Map<String, String> environment,
            Database database,
            PostgresEventWriter writer,
            Clock wallClock) {
        HttpSettings settings = config.http().withTokenFrom(environment);
        if (!settings.enabled()) {
            return new LiveOps(settings, null, null, null, null, database, writer, wallClock);
        }
        HttpRules.requireValid(settings);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics serverMetrics = new ServerMetrics(registry);
        CallMetrics callMetrics = new CallMetrics(
                registry,
                config.metrics().serviceLevelTarget(),
                config.metrics().shortAbandon());
        BoardSubscribers subscribers = new BoardSubscribers().start();
        LiveCalls calls = new LiveCalls(ZoneId.systemDefault(), wallClock.instant());
        LiveFeed feed = new LiveFeed(
                        calls,
                        callMetrics,
                        subscribers,
                        wallClock,
                        config.metrics().serviceLevelTarget(),
                        config.metrics().shortAbandon(),
                        (from, to) -> CallQueries.summaries(database.dataSource(), from, to),
                        dayStart -> CallbacksToday.since(database.dataSource(), dayStart, CALLBACKS_QUERY_TIMEOUT))
                .start();
        FunctionCounter.builder("callpath.live.dropped", feed, LiveFeed::droppedEvents)
                .baseUnit("events")
                .description("Events the wallboard's queue could not take (the board catches up from the database)")
                .register(registry);
        return new LiveOps(settings, registry, serverMetrics, feed, subscribers, database, writer, wallClock);
    }

    /** Where the event stream fans out to the wallboard and the call meters; never blocks. */
    public EventSink events() {
        return feed == null ? event -> {} : feed;
    }

    /** What the FastAGI server tells how long each command took. */
    public CommandTimings commandTimings() {
        return serverMetrics == null ? CommandTimings.NONE : serverMetrics;
    }

    /**
     * Binds the server's, the writer's, the database's and the JVM's meters, starts the health watch and listens on
     * HTTP; call it before {@code server.start()} (readiness says not_ready until FastAGI listens).
     */
    public void serve(FastAgiServer server, Desks desks) {
        if (!settings.enabled()) {
            return;
        }
        serverMetrics.bindServer(server);
        serverMetrics.bindWriter(writer, wallClock);
        health = new HealthWatch(server, writer, database.dataSource(), database::health, System::nanoTime).start();
        serverMetrics.bindDatabase(health::databaseUp, database.dataSource(), database.lookupDataSource());
        serverMetrics.bindJvm();
        deskSubscribers = new DeskSubscribers(desks).start();
        http = OpsHttpServer.start(
                settings,
                new TokenGuard(settings.token()),
                registry,
                health,
                feed,
                subscribers,
                config -> DeskRoutes.register(config, desks, deskSubscribers));
    }

    /** The HTTP port bound (useful with http.port 0), or -1 when HTTP is off. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() {
        // The feed and the page sender stop before Jetty: nothing may write to a page whose response Jetty recycles.
        // Each step runs even when one before it fails, so no thread of ours outlives the endpoint.
        closeAll(
                feed,
                subscribers,
                deskSubscribers,
                http,
                health,
                serverMetrics,
                registry == null ? null : registry::close);
    }

    private static void closeAll(AutoCloseable... parts) {
        RuntimeException first = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception failed) {
                if (first == null) {
                    first = new IllegalStateException(
                            "closing the HTTP endpoint failed: " + failed.getMessage(), failed);
                } else {
                    first.addSuppressed(failed);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
