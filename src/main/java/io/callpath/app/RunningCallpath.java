package io.callpath.app;

import io.callpath.agi.FastAgiServer;
import io.callpath.ami.PbxControl;
import io.callpath.config.CallpathConfig;
import io.callpath.desk.Desks;
import io.callpath.flow.CallbackScheduler;
import io.callpath.http.LiveOps;
import io.callpath.store.Database;
import io.callpath.store.PostgresCallbackJobs;
import io.callpath.store.PostgresCallerHistory;
import io.callpath.store.PostgresEventWriter;
import io.callpath.store.RecentCallersRefresh;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started callpath ({@link CallpathApp#start()}): database, event writer, repeat-caller lookups, HTTP, AMI,
 * callbacks and the FastAGI server, stopped in the order {@link #shutdown} gives.
 */
public final class RunningCallpath implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningCallpath.class);
    /**
     * At shutdown, how long the writer may take to put every event (queues and spool) into PostgreSQL; what is left
     * stays spooled for the next start. With the default 30 s grace this stays inside systemd's 45 s TimeoutStopSec.
     */
    private static final Duration FLUSH_LIMIT = Duration.ofSeconds(10);

    private final Parts parts;

    RunningCallpath(Parts parts) {
        this.parts = parts;
    }

    public int port() {
        return parts.server.port();
    }

    public FastAgiServer server() {
        return parts.server;
    }

    /** The manager connection (AMI): desk transfers, originated calls. */
    public PbxControl pbx() {
        return present(parts.pbx, "AMI");
    }

    /** The assistant and seller desks (their pages are served by the HTTP endpoint). */
    public Desks desks() {
        return present(parts.desks, "the desks");
    }

    /** The callback queue, or empty when no line calls back. */
    public Optional<PostgresCallbackJobs> callbacks() {
        return Optional.ofNullable(parts.callbacks);
    }

    public Database database() {
        return present(parts.database, "a database");
    }

    public PostgresEventWriter writer() {
        return present(parts.writer, "an event writer");
    }

    /** The HTTP port of the wallboard, /metrics and /health (useful with http.port 0), or -1 when http is off. */
    public int httpPort() {
        return parts.liveOps == null ? -1 : parts.liveOps.port();
    }

    public CallpathConfig config() {
        return parts.config;
    }

    /** Stops accepting, lets live calls finish within the grace period, then flushes metrics and stops the database. */
    @Override
    public void close() {
        shutdown(parts.config.server().shutdownGrace());
    }

    /**
     * The shutdown sequence, in this order: (1) the server drains: new calls are told STOPPING (the dialplan rings a
     * human), the answered/handoff/hangup sessions of calls in flight are served until they are over or {@code grace}
     * ends; (2) every event goes into PostgreSQL, spool included (PostgresEventWriter.flush; what cannot be written
     * within FLUSH_LIMIT stays spooled and is replayed at the next start); (3) the embedded database stops, last (it has
     * no shutdown hook of its own that could stop it earlier).
     */
    public void shutdown(Duration grace) {
        FastAgiServer server = parts.server;
        log.info(
                "callpath stopping: live sessions={} calls in flight={} grace={}",
                server.activeSessions(),
                server.counts().openCalls(),
                grace);
        closeIfStarted(parts.scheduler);
        server.shutdown(grace);
        // after the drain: meanwhile /health/ready says not_ready and the wallboard shows the last calls finish
        closeIfStarted(parts.liveOps);
        closeIfStarted(parts.pbx);
        closeIfStarted(parts.callbacks);
        closeIfStarted(parts.recentCallersRefresh);
        closeIfStarted(parts.callerHistory);
        if (parts.writer != null) {
            parts.writer.flush(FLUSH_LIMIT);
            parts.writer.close();
        }
        closeIfStarted(parts.database);
        log.info("callpath stopped");
    }

    private <T> T present(T part, String what) {
        if (part == null) {
            throw new IllegalStateException(
                    "this callpath was started without " + what + " (CallpathApp.Builder.withoutDatabase)");
        }
        return part;
    }

    private static void closeIfStarted(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing " + part + " failed", e);
        }
    }

    /** What {@link Assembly} has started so far: closed again in reverse order when a later part fails to start. */
    static final class Parts {

        final CallpathConfig config;
        Database database;
        PostgresEventWriter writer;
        PostgresCallerHistory callerHistory;
        RecentCallersRefresh recentCallersRefresh;
        LiveOps liveOps;
        FastAgiServer server;
        PbxControl pbx;
        Desks desks;
        PostgresCallbackJobs callbacks;
        CallbackScheduler scheduler;

        Parts(CallpathConfig config) {
            this.config = config;
        }

        void closeAfterFailedStart() {
            closeIfStarted(scheduler);
            closeIfStarted(callbacks);
            closeIfStarted(pbx);
            closeIfStarted(liveOps);
            if (server != null) {
                server.shutdown(Duration.ZERO);
            }
            closeIfStarted(recentCallersRefresh);
            closeIfStarted(callerHistory);
            closeIfStarted(writer);
            closeIfStarted(database);
        }
    }
}
