package io.callpath.app;

import io.callpath.agi.CommandTimings;
import io.callpath.agi.FastAgiServer;
import io.callpath.ami.AmiCallbackCalls;
import io.callpath.ami.AsteriskJavaPbx;
import io.callpath.ami.PbxControl;
import io.callpath.config.CallpathConfig;
import io.callpath.desk.DeskCallbacks;
import io.callpath.desk.DeskCalls;
import io.callpath.desk.Desks;
import io.callpath.events.EventSink;
import io.callpath.events.FanOutEventSink;
import io.callpath.events.LoggingEventSink;
import io.callpath.events.SessionClock;
import io.callpath.flow.AgiScript;
import io.callpath.flow.CallRequest;
import io.callpath.flow.CallbackJobs;
import io.callpath.flow.CallbackScheduler;
import io.callpath.flow.CallbackTrigger;
import io.callpath.flow.CallerHistory;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start sequence behind {@link CallpathApp#start()}: each part built from the config, wired, started in order. */
final class Assembly {

    private static final Logger log = LoggerFactory.getLogger(Assembly.class);
    private static final int LIVE_CALLS_LOGGED = 100_000;
    // Rows committed this long after their t0 are still read by the next refresh.
    private static final Duration WRITER_LAG = Duration.ofSeconds(10);
    private static final Duration RECENT_CALLERS_QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** How often due callbacks are looked for (and run-out attempts retried). */
    private static final Duration CALLBACK_POLL = Duration.ofSeconds(1);

    private Assembly() {}

    static RunningCallpath start(
            CallpathConfig config,
            Map<String, String> environment,
            EventSink alsoTo,
            Clock wallClock,
            Function<CallRequest, SessionClock> sessionClocks,
            PbxControl pbx) {
        Database database = Database.startServing(config.database(), environment);
        RunningCallpath.Parts parts = new RunningCallpath.Parts(config);
        parts.database = database;
        try {
            database.updateServiceLevel(
                    config.metrics().serviceLevelTarget(), config.metrics().shortAbandon());
            parts.writer = PostgresEventWriter.start(database, config.database());
            parts.callerHistory = callerHistory(config, database, wallClock, parts);
            // metrics, health and the wallboard: fed by the event stream, timed commands, an HTTP port of their own
            parts.liveOps = LiveOps.start(config, environment, database, parts.writer, wallClock);
            DeskCalls deskCalls = new DeskCalls(wallClock);
            String serverName = serverName();
            parts.callbacks = CallbackTrigger.anyLineCallsBack(config)
                    ? new PostgresCallbackJobs(database.dataSource(), serverName)
                    : null;
            // the sellers' desks see each callback's steps on their way to the queue (a map update each)
            DeskCallbacks deskCallbacks = new DeskCallbacks(config, deskCalls, wallClock);
            CallbackJobs callbackJobs = parts.callbacks == null ? null : deskCallbacks.watching(parts.callbacks);
            List<EventSink> sinks = new ArrayList<>(List.of(
                    parts.writer, new LoggingEventSink(LIVE_CALLS_LOGGED), parts.liveOps.events(), deskCalls, alsoTo));
            if (parts.callbacks != null) {
                sinks.add(new CallbackTrigger(config, callbackJobs));
            }
            EventSink sink = new FanOutEventSink(sinks);
            // Connects in the background: a PBX without AMI, or AMI down, never holds up the start or a call.
            parts.pbx =
                    pbx != null ? pbx : AsteriskJavaPbx.forSettings(config.ami().withSecretFrom(environment));
            parts.desks = new Desks(config, deskCalls, deskCallbacks, sink, parts.pbx, wallClock);
            Map<String, AgiScript> scripts = parts.callbacks == null
                    ? Scripts.create(config, sink, parts.callerHistory, sessionClocks)
                    : Scripts.createWithCallbacks(
                            config, sink, parts.callerHistory, sessionClocks, callbackJobs, wallClock);
            parts.server = new FastAgiServer(
                    config.server(),
                    scripts,
                    new RefusedSessionEvents(sink, wallClock),
                    parts.liveOps.commandTimings());
            // HTTP first (it says not_ready until FastAGI listens): FastAGI listening stays the last step of the start,
            // so a call never arrives before the process can stop gracefully
            parts.liveOps.serve(parts.server, parts.desks);
            parts.server.start();
            if (parts.callbacks != null) {
                parts.scheduler = new CallbackScheduler(
                                config,
                                callbackJobs,
                                deskCallbacks.watching(new AmiCallbackCalls(parts.pbx, config)),
                                wallClock,
                                serverName)
                        .start(CALLBACK_POLL);
            }
            log.info(
                    "callpath serving on {}:{} lines={} departments={}",
                    config.server().bind(),
                    parts.server.port(),
                    config.lines().size(),
                    config.departments().size());
            return new RunningCallpath(parts);
        } catch (RuntimeException e) {
            parts.closeAfterFailedStart();
            throw e;
        }
    }

    static RunningCallpath startWithoutDatabase(
            CallpathConfig config,
            EventSink alsoTo,
            Clock wallClock,
            Function<CallRequest, SessionClock> sessionClocks,
            CallerHistory callers) {
        RunningCallpath.Parts parts = new RunningCallpath.Parts(config);
        parts.server = new FastAgiServer(
                config.server(),
                Scripts.create(config, alsoTo, callers, sessionClocks),
                new RefusedSessionEvents(alsoTo, wallClock),
                CommandTimings.NONE);
        parts.server.start();
        log.info(
                "callpath serving without a database on {}:{} lines={} departments={}",
                config.server().bind(),
                parts.server.port(),
                config.lines().size(),
                config.departments().size());
        return new RunningCallpath(parts);
    }

    private static PostgresCallerHistory callerHistory(
            CallpathConfig config, Database database, Clock wallClock, RunningCallpath.Parts parts) {
        if (!config.repeatCallers().enabled()) {
            return new PostgresCallerHistory(
                    database.lookupDataSource(),
                    config.database().lookupTimeout(),
                    wallClock,
                    Database.LOOKUP_CONNECTIONS);
        }
        RecentCallers recentCallers = new RecentCallers(config.repeatCallers().remembered());
        PostgresCallerHistory history = new PostgresCallerHistory(
                database.lookupDataSource(),
                config.database().lookupTimeout(),
                wallClock,
                Database.LOOKUP_CONNECTIONS,
                recentCallers);
        parts.callerHistory = history;
        parts.recentCallersRefresh = RecentCallersRefresh.start(
                database.lookupDataSource(),
                recentCallers,
                config.repeatCallers().window(),
                config.repeatCallers().refreshEvery(),
                WRITER_LAG,
                RECENT_CALLERS_QUERY_TIMEOUT,
                wallClock);
        return history;
    }

    /** This server among those sharing the database: host name and process id (callbacks.claimed_by). */
    private static String serverName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException unknown) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid() + "/"
                + Integer.toHexString(System.identityHashCode(new Object()));
    }
}
