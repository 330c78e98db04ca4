package io.callpath.store;

import io.callpath.store.DatabaseHealth.State;
import io.callpath.threads.Backoff;
import io.callpath.threads.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL, kept running: a postmaster that dies (kill -9, OOM killer, a crash) is started again on the same
 * port and data directory with back-off ({@value #FIRST_RESTART_MILLIS} ms doubling to {@value #MAX_RESTART_MILLIS} ms),
 * and the pools, the event writer (which then replays its spool) and the repeat-caller refresh reconnect by themselves.
 * Each change of state is one log line and readable as {@link #health()}. Only {@link #close()} stops it.
 */
final class SupervisedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SupervisedPostgres.class);
    static final long FIRST_RESTART_MILLIS = 500;
    static final long MAX_RESTART_MILLIS = 30_000;
    private static final Backoff RESTART_BACKOFF =
            new Backoff(Duration.ofMillis(FIRST_RESTART_MILLIS), Duration.ofMillis(MAX_RESTART_MILLIS));
    /** Crash recovery replays the WAL since the last checkpoint: after a kill -9 under load that takes seconds. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final int FIRST_START_ATTEMPTS = 3;

    private final Path installation;
    private final Path dataDirectory;
    private final int port;
    private final DataDirectoryLock lock;
    private final Clock clock;
    private final Object lifecycle = new Object();
    private final Thread supervisor;
    private volatile EmbeddedPostmaster current;
    private volatile DatabaseHealth health;
    private volatile boolean stopping;

    private SupervisedPostgres(Path installation, Path dataDirectory, int port, DataDirectoryLock lock, Clock clock) {
        this.installation = installation;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.lock = lock;
        this.clock = clock;
        this.health = new DatabaseHealth(
                State.STARTING, clock.instant(), 0, "starting embedded PostgreSQL in " + dataDirectory);
        this.supervisor = DaemonThreads.unstarted("callpath-db-supervisor", this::supervise);
    }

    /**
     * Locks the data directory, creates the cluster if there is none, stops a postmaster left by a killed callpath, and
     * starts PostgreSQL on {@code configuredPort} (0: a free port, kept for every restart).
     */
    static SupervisedPostgres start(Path dataDirectory, int configuredPort) {
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the parent of database.dataDirectory " + absolute + ": " + e.getMessage(), e);
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(absolute);
        try {
            Path installation = PostgresBinaries.installation();
            EmbeddedPostmaster.initIfNeeded(installation, absolute);
            LeftoverPostmaster.dealWith(absolute);
            int port = configuredPort != 0 ? configuredPort : freePort();
            SupervisedPostgres postgres = new SupervisedPostgres(installation, absolute, port, lock, Clock.systemUTC());
            postgres.firstStart();
            return postgres;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void firstStart() {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= FIRST_START_ATTEMPTS; attempt++) {
            try {
                current = EmbeddedPostmaster.start(installation, dataDirectory, port, STARTUP_WAIT);
                transition(State.UP, 0, "embedded PostgreSQL pid=" + current.pid() + " port=" + port);
                supervisor.start();
                return;
            } catch (IllegalStateException e) {
                last = e;
                log.warn(
                        "database embedded PostgreSQL start attempt {} of {} failed: {}",
                        attempt,
                        FIRST_START_ATTEMPTS,
                        e.getMessage());
                pause(FIRST_RESTART_MILLIS * attempt);
            }
        }
        throw new IllegalStateException(
                "could not start the embedded PostgreSQL in " + dataDirectory + ": " + last.getMessage() + " (its log: "
                        + dataDirectory.resolve(EmbeddedPostmaster.LOG_FILE) + ")",
                last);
    }

    /** Waits for the postmaster to end; unless we are stopping it, starts it again until it answers. */
    private void supervise() {
        while (!stopping) {
            EmbeddedPostmaster watched = current;
            try {
                watched.onExit().get();
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                log.error("database supervisor could not watch the postmaster", e);
                return;
            }
            if (stopping) {
                return;
            }
            long downSince = System.nanoTime();
            transition(
                    State.DOWN,
                    health.restarts(),
                    "embedded PostgreSQL pid=" + watched.pid() + " died ("
                            + watched.exitDescription()
                            + "); events go to the spool, repeat callers count as new until it is back; "
                            + "restarting it");
            if (!restart(downSince)) {
                return;
            }
        }
    }

    private boolean restart(long downSince) {
        Duration delay = RESTART_BACKOFF.first();
        for (int attempt = 1; ; attempt++) {
            if (!pause(delay.toMillis())) {
                return false;
            }
            synchronized (lifecycle) {
                if (stopping) {
                    return false;
                }
                if (attempt == 1) {
                    transition(
                            State.RESTARTING, health.restarts(), "starting embedded PostgreSQL again on port " + port);
                }
                try {
                    current = EmbeddedPostmaster.start(installation, dataDirectory, port, STARTUP_WAIT);
                    transition(
                            State.UP,
                            health.restarts() + 1,
                            String.format(
                                    "embedded PostgreSQL pid=%d port=%d restarted "
                                            + "after %d attempt(s), down %.1f s; the event writer replays its spool",
                                    current.pid(), port, attempt, (System.nanoTime() - downSince) / 1e9));
                    return true;
                } catch (RuntimeException e) {
                    if (attempt == 1 || attempt % 10 == 0) {
                        log.warn(
                                "database restart attempt {} failed, next in {} ms: {}",
                                attempt,
                                RESTART_BACKOFF.after(delay).toMillis(),
                                e.getMessage());
                    }
                }
            }
            delay = RESTART_BACKOFF.after(delay);
        }
    }

    private void transition(State state, int restarts, String detail) {
        DatabaseHealth previous = health;
        health = new DatabaseHealth(state, clock.instant(), restarts, state == State.UP ? "" : detail);
        String line = "database {} -> {}: {}";
        if (state == State.DOWN) {
            log.warn(line, previous.state(), state, detail);
        } else {
            log.info(line, previous.state(), state, detail);
        }
    }

    DatabaseHealth health() {
        return health;
    }

    int port() {
        return port;
    }

    /** The pid of the running postmaster (fault tests signal it). */
    long pid() {
        return current.pid();
    }

    String jdbcUrl() {
        return EmbeddedPostmaster.jdbcUrl(port);
    }

    /** Stops PostgreSQL (fast shutdown) for good and releases the data directory. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        supervisor.interrupt();
        synchronized (lifecycle) {
            transition(State.STOPPING, health.restarts(), "stopping embedded PostgreSQL pid=" + current.pid());
            current.stop();
            transition(State.STOPPED, health.restarts(), "embedded PostgreSQL stopped");
        }
        lock.close();
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
