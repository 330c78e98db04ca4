package io.callpath;

import io.callpath.agi.FastAgiServer;
import io.callpath.ami.AsteriskJavaPbx;
import io.callpath.ami.PbxControl;
import io.callpath.agi.SessionRejections;
import io.callpath.clock.CallEvent;
import io.callpath.clock.EventSink;
import io.callpath.clock.EventType;
import io.callpath.clock.FanOutEventSink;
import io.callpath.clock.LoggingEventSink;
import io.callpath.clock.SessionClock;
import io.callpath.config.CallpathConfig;
import io.callpath.desk.DeskCalls;
import io.callpath.desk.Desks;
import io.callpath.flow.CallRequest;
import io.callpath.flow.CallbackScheduler;
import io.callpath.flow.CallbackTrigger;
import io.callpath.ami.AmiCallbackCalls;
import io.callpath.flow.Scripts;
import io.callpath.http.LiveOps;
import io.callpath.store.Database;
import io.callpath.store.PostgresCallbackJobs;
import io.callpath.store.PostgresCallerHistory;
import io.callpath.store.PostgresEventWriter;
import io.callpath.store.RecentCallers;
import io.callpath.store.RecentCallersRefresh;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running callpath: database, event writer, repeat-caller lookups and the FastAGI server, closed in reverse order. */
public final class Callpath implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Callpath.class);
    private static final int LIVE_CALLS_LOGGED = 100_000;
    // Rows committed this long after their t0 are still read by the next refresh.
    private static final Duration WRITER_LAG = Duration.ofSeconds(10);
    private static final Duration RECENT_CALLERS_QUERY_TIMEOUT = Duration.ofSeconds(5);
    /**
     * At shutdown, how long the writer may take to put every event (queues and spool) into PostgreSQL; what is left
     * stays spooled for the next start. With the default 30 s grace this stays inside systemd's 45 s TimeoutStopSec.
     */
    private static final Duration FLUSH_LIMIT = Duration.ofSeconds(10);

    private final CallpathConfig config;
    private final Database database;
    private final PostgresEventWriter writer;
    private final PostgresCallerHistory callerHistory;
    private final Runnable stopRecentCallersRefresh;
    private final FastAgiServer server;
    private final LiveOps liveOps;
    private final PbxControl pbx;
    private final Desks desks;
    private final PostgresCallbackJobs callbacks;
    private final CallbackScheduler scheduler;
    /** How often due callbacks are looked for (and run-out attempts retried). */
    private static final Duration CALLBACK_POLL = Duration.ofSeconds(1);

    private Callpath(CallpathConfig config, Database database, PostgresEventWriter writer,
                     PostgresCallerHistory callerHistory, Runnable stopRecentCallersRefresh,
                     FastAgiServer server, LiveOps liveOps, PbxControl pbx, Desks desks, PostgresCallbackJobs callbacks,
                     CallbackScheduler scheduler) {
        this.callbacks = callbacks;
        this.scheduler = scheduler;
        this.liveOps = liveOps;
        this.pbx = pbx;
        this.desks = desks;
        this.config = config;
        this.database = database;
        this.writer = writer;
        this.callerHistory = callerHistory;
        this.stopRecentCallersRefresh = stopRecentCallersRefresh;
        this.server = server;
    }

    /** Starts every part; {@code extraSink} also receives every event (tests and the simulator read it). */
    public static Callpath start(CallpathConfig config, Map<String, String> environment, EventSink extraSink) {
        return start(config, environment, extraSink, Clock.systemUTC(), (Supplier<SessionClock>) SessionClock::system);
    }

    /** {@link #start} on the given clocks: {@code wallClock} for repeat-caller windows, {@code sessionClocks} per session. */
    public static Callpath start(CallpathConfig config, Map<String, String> environment, EventSink extraSink,
                                 Clock wallClock, Supplier<SessionClock> sessionClocks) {
        return start(config, environment, extraSink, wallClock,
                (Function<CallRequest, SessionClock>) request -> sessionClocks.get());
    }

    /** {@link #start} with a session clock chosen per session by its request (the simulator's per-call time). */
    public static Callpath start(CallpathConfig config, Map<String, String> environment, EventSink extraSink,
                                 Clock wallClock, Function<CallRequest, SessionClock> sessionClocks) {
        Database database = Database.startServing(config.database(), environment);
        PostgresEventWriter writer = null;
        PostgresCallerHistory callerHistory = null;
        RecentCallersRefresh recentCallersRefresh = null;
        LiveOps liveOps = null;
        FastAgiServer server = null;
        PbxControl pbx = null;
        PostgresCallbackJobs callbacks = null;
        CallbackScheduler scheduler = null;
        try {
            database.updateServiceLevel(config.metrics().serviceLevelTarget(), config.metrics().shortAbandon());
            writer = PostgresEventWriter.start(database, config.database());
            if (config.repeatCallers().enabled()) {
                RecentCallers recentCallers = new RecentCallers(config.repeatCallers().remembered());
                callerHistory = new PostgresCallerHistory(database.lookupDataSource(), config.database().lookupTimeout(),
                        wallClock, Database.LOOKUP_CONNECTIONS, recentCallers);
                recentCallersRefresh = RecentCallersRefresh.start(database.lookupDataSource(), recentCallers,
                        config.repeatCallers().window(), config.repeatCallers().refreshEvery(), WRITER_LAG,
                        RECENT_CALLERS_QUERY_TIMEOUT, wallClock);
            } else {
                callerHistory = new PostgresCallerHistory(database.lookupDataSource(), config.database().lookupTimeout(),
                        wallClock, Database.LOOKUP_CONNECTIONS);
            }
            // metrics, health and the wallboard: fed by the event stream, timed commands, an HTTP port of their own
            liveOps = LiveOps.start(config, environment, database, writer, wallClock);
            DeskCalls deskCalls = new DeskCalls(wallClock);
            String serverName = serverName();
            callbacks = CallbackTrigger.anyLineCallsBack(config)
                    ? new PostgresCallbackJobs(database.dataSource(), serverName) : null;
            List<EventSink> sinks = new ArrayList<>(List.of(writer, new LoggingEventSink(LIVE_CALLS_LOGGED), liveOps.events(),
                    deskCalls, extraSink));
            if (callbacks != null) {
                sinks.add(new CallbackTrigger(config, callbacks));
            }
            EventSink sink = new FanOutEventSink(sinks);
            // Connects in the background: a PBX without AMI, or AMI down, never holds up the start or a call.
            pbx = AsteriskJavaPbx.forSettings(config.ami().withSecretFrom(environment));
            Desks desks = new Desks(config, deskCalls, sink, pbx, wallClock);
            server = new FastAgiServer(config.server(), Scripts.create(config, sink, callerHistory, sessionClocks,
                    java.util.Optional.ofNullable(callbacks), wallClock),
                    recordRejections(sink, wallClock), liveOps.commandTimings());
            // HTTP first (it says not_ready until FastAGI listens): FastAGI listening stays the last step of the start,
            // so a call never arrives before the process can stop gracefully
            liveOps.serve(server, desks);
            server.start();
            if (callbacks != null) {
                scheduler = new CallbackScheduler(config, callbacks, new AmiCallbackCalls(pbx, config), wallClock, serverName)
                        .start(CALLBACK_POLL);
            }
            log.info("callpath serving on {}:{} lines={} departments={}", config.server().bind(), server.port(),
                    config.lines().size(), config.departments().size());
            RecentCallersRefresh refresh = recentCallersRefresh;
            return new Callpath(config, database, writer, callerHistory, refresh == null ? () -> { } : refresh::close, server,
                    liveOps, pbx, desks, callbacks, scheduler);
        } catch (RuntimeException e) {
            if (scheduler != null) {
                scheduler.close();
            }
            if (callbacks != null) {
                callbacks.close();
            }
            if (pbx != null) {
                pbx.close();
            }
            if (liveOps != null) {
                liveOps.close();
            }
            if (server != null) {
                server.shutdown(Duration.ZERO);
            }
            if (recentCallersRefresh != null) {
                recentCallersRefresh.close();
            }
            if (callerHistory != null) {
                callerHistory.close();
            }
            if (writer != null) {
                writer.close();
            }
            database.close();
            throw e;
        }
    }

    /** This server among those sharing the database: host name and process id (callbacks.claimed_by). */
    private static String serverName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException unknown) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + Integer.toHexString(System.identityHashCode(new Object()));
    }

    /** A session refused before any flow ran still leaves a FAILED event on its call (the linkedid the server read). */
    private static SessionRejections recordRejections(EventSink sink, Clock wallClock) {
        return (CallRequest request, String linkedId, String reason) -> sink.accept(new CallEvent(UUID.randomUUID(),
                linkedId, request.uniqueId() + "/" + request.script(), EventType.FAILED, null,
                wallClock.instant(), 0, Map.of("reason", reason.replace(' ', '_'), "script", request.script())));
    }

    public int port() {
        return server.port();
    }

    public FastAgiServer server() {
        return server;
    }

    /** The manager connection (AMI): desk transfers, originated calls. */
    public PbxControl pbx() {
        return pbx;
    }

    /** The assistant and seller desks (their pages are served by the HTTP endpoint). */
    public Desks desks() {
        return desks;
    }

    /** The callback queue, or empty when no line calls back. */
    public java.util.Optional<PostgresCallbackJobs> callbacks() {
        return java.util.Optional.ofNullable(callbacks);
    }

    public Database database() {
        return database;
    }

    public PostgresEventWriter writer() {
        return writer;
    }

    /** The HTTP port of the wallboard, /metrics and /health (useful with http.port 0), or -1 when http is off. */
    public int httpPort() {
        return liveOps.port();
    }

    public CallpathConfig config() {
        return config;
    }

    /** Stops accepting, lets live calls finish within the grace period, then flushes metrics and stops the database. */
    @Override
    public void close() {
        shutdown(config.server().shutdownGrace());
    }

    /**
     * The shutdown sequence, in this order: (1) the server drains: new calls are told STOPPING (the dialplan rings a
     * human), the answered/handoff/hangup sessions of calls in flight are served until they are over or {@code grace}
     * ends; (2) every event goes into PostgreSQL, spool included (PostgresEventWriter.flush; what cannot be written
     * within FLUSH_LIMIT stays spooled and is replayed at the next start); (3) the embedded database stops, last (it has no shutdown hook of its own that could stop it earlier).
     */
    public void shutdown(Duration grace) {
        log.info("callpath stopping: live sessions={} calls in flight={} grace={}", server.activeSessions(),
                server.counts().openCalls(), grace);
        if (scheduler != null) {
            scheduler.close();
        }
        server.shutdown(grace);
        // after the drain: meanwhile /health/ready says not_ready and the wallboard shows the last calls finish
        liveOps.close();
        pbx.close();
        if (callbacks != null) {
            callbacks.close();
        }
        stopRecentCallersRefresh.run();
        callerHistory.close();
        writer.flush(FLUSH_LIMIT);
        writer.close();
        database.close();
        log.info("callpath stopped");
    }
}
