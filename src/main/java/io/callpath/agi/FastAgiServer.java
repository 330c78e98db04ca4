package io.callpath.agi;

import io.callpath.config.ServerRules;
import io.callpath.config.ServerSettings;
import io.callpath.flow.AgiScript;
import io.callpath.logs.RateLimitedWarnings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI listener: binds, accepts Asterisk's connections, lets in those {@link PeerAllowlist} admits, bounds the
 * number of sessions (the rest go to {@link OverloadAnswers}), and hands each session to {@link SessionDispatcher} on a
 * pooled (or virtual) thread. Its shutdown first drains: new calls are told STOPPING while the sessions of calls in
 * flight are still served, for up to server.shutdownGrace.
 */
public final class FastAgiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FastAgiServer.class);
    /** What a new call hears while the server drains: anything but DONE makes the dialplan ring a human. */
    public static final String STOPPING_STATUS = "STOPPING";

    private static final Duration THREAD_JOIN_LIMIT = Duration.ofSeconds(5);
    private static final int ACCEPT_BACKLOG = 1024;
    private static final int MIN_OPEN_CALLS_REMEMBERED = 1024;

    private final ServerSettings settings;
    private final PeerAllowlist allowlist;
    private final SessionDispatcher dispatcher;
    private final AtomicInteger activeSessions = new AtomicInteger();
    /** Every admitted session's socket, from admission (before its thread runs) to its end: shutdown cuts these. */
    private final Set<Socket> liveSockets = ConcurrentHashMap.newKeySet();
    /** The threads running a session now, to interrupt at shutdown. */
    private final Set<Thread> sessionThreadsRunning = ConcurrentHashMap.newKeySet();

    private final OpenCalls openCalls;
    private final ReentrantLock sessionEnds = new ReentrantLock();
    private final Condition drained = sessionEnds.newCondition();
    private final RateLimitedWarnings warnings = new RateLimitedWarnings(log);
    private final OverloadAnswers overloadAnswers;
    private final SessionThreadFactory sessionThreads;
    private final SessionThreadPool sessionPool;
    /** A ReentrantLock, not synchronized: bind and close are socket I/O, and monitors pin virtual threads on Java 21. */
    private final ReentrantLock lifecycle = new ReentrantLock();

    private ServerSocket serverSocket;
    private Thread acceptor;
    /** From shutdown on: new incoming calls are told STOPPING; every other session is still served. */
    private volatile boolean draining;
    /** From the end of the drain on: the listener is closed. */
    private volatile boolean stopping;

    /** A server whose sessions run on the threads chosen by {@link SessionThreadFactory#fromSystemProperty()}. */
    public FastAgiServer(ServerSettings settings, Map<String, AgiScript> scripts, SessionRejections rejections) {
        this(settings, scripts, rejections, SessionThreadFactory.fromSystemProperty(), CommandTimings.NONE);
    }

    /** As above, telling {@code commandTimings} how long each AGI command took (the metrics). */
    public FastAgiServer(
            ServerSettings settings,
            Map<String, AgiScript> scripts,
            SessionRejections rejections,
            CommandTimings commandTimings) {
        this(settings, scripts, rejections, SessionThreadFactory.fromSystemProperty(), commandTimings);
    }

    FastAgiServer(
            ServerSettings settings,
            Map<String, AgiScript> scripts,
            SessionRejections rejections,
            SessionThreadFactory sessionThreads) {
        this(settings, scripts, rejections, sessionThreads, CommandTimings.NONE);
    }

    FastAgiServer(
            ServerSettings settings,
            Map<String, AgiScript> scripts,
            SessionRejections rejections,
            SessionThreadFactory sessionThreads,
            CommandTimings commandTimings) {
        this.sessionThreads = sessionThreads;
        this.settings = ServerRules.requireValid(settings);
        Refusals refusals = new Refusals(rejections);
        this.allowlist = new PeerAllowlist(ServerRules.allowedAddresses(settings), warnings);
        this.openCalls = new OpenCalls(Math.max(MIN_OPEN_CALLS_REMEMBERED, 4 * settings.maxSessions()));
        this.dispatcher = new SessionDispatcher(
                settings,
                scripts,
                refusals,
                openCalls,
                commandTimings,
                warnings,
                new SessionEndLog(log, warnings),
                new SessionDispatcher.ServerState() {
                    @Override
                    public boolean draining() {
                        return draining;
                    }

                    @Override
                    public boolean stopping() {
                        return stopping;
                    }
                });
        this.sessionPool = new SessionThreadPool(sessionThreads, settings.maxSessions());
        this.overloadAnswers = new OverloadAnswers(
                new OverloadRecorder(settings, refusals, warnings), warnings, settings.maxSessions());
    }

    /** Binds the port and starts accepting. */
    public void start() {
        lifecycle.lock();
        try {
            if (serverSocket != null || draining) {
                throw new IllegalStateException("FastAgiServer already started or shut down");
            }
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(
                        new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port()), ACCEPT_BACKLOG);
                serverSocket = socket;
            } catch (IOException bindFailed) {
                throw new UncheckedIOException(
                        "cannot listen on " + settings.bind() + ":" + settings.port() + " (" + bindFailed.getMessage()
                                + "): free the port or change server.port / server.bind",
                        bindFailed);
            }
            acceptor = new Thread(this::acceptLoop, "agi-acceptor");
            acceptor.start();
        } finally {
            lifecycle.unlock();
        }
        log.info(
                "FastAGI listening on {}:{} scripts={} allow={} maxSessions={} sessions on {}",
                settings.bind(),
                port(),
                dispatcher.scriptNames(),
                settings.allow(),
                settings.maxSessions(),
                sessionThreads.description());
    }

    /** The port actually bound (useful when server.port is 0). */
    public int port() {
        lifecycle.lock();
        try {
            if (serverSocket == null) {
                throw new IllegalStateException("FastAgiServer not started");
            }
            return serverSocket.getLocalPort();
        } finally {
            lifecycle.unlock();
        }
    }

    /** Sessions running now (accepted, allowed and within maxSessions). */
    public int activeSessions() {
        return activeSessions.get();
    }

    /** True from {@link #start()} until a shutdown begins: the port takes new calls. */
    public boolean listening() {
        lifecycle.lock();
        try {
            return serverSocket != null && !draining;
        } finally {
            lifecycle.unlock();
        }
    }

    /** Counts since start, for metrics and health checks. */
    public SessionCounts counts() {
        return new SessionCounts(
                activeSessions.get(),
                openCalls.count(),
                dispatcher.served(),
                overloadAnswers.told(),
                overloadAnswers.unrecorded(),
                allowlist.refused(),
                dispatcher.refusedStopping(),
                dispatcher.badHeaders(),
                draining);
    }

    /** {@link #shutdown(Duration)} with server.shutdownGrace. */
    @Override
    public void close() {
        shutdown(settings.shutdownGrace());
    }

    /**
     * Drains, then stops: new incoming calls are told STOPPING (the dialplan rings a human) while every other session
     * (answered, handoff, hangup) is still served, until no session runs and every call in flight has had its caller's
     * hang-up served, or {@code grace} has passed; then the listener closes, the sessions left are cut and their
     * threads waited for.
     */
    public void shutdown(Duration grace) {
        lifecycle.lock();
        try {
            if (draining) {
                return;
            }
            draining = true;
        } finally {
            lifecycle.unlock();
        }
        boolean interrupted = false;
        log.info(
                "FastAGI server draining: new calls are told CALLPATH_STATUS={}; waiting up to {} ms for {} sessions "
                        + "and {} calls in flight",
                STOPPING_STATUS,
                grace.toMillis(),
                activeSessions.get(),
                openCalls.count());
        try {
            awaitDrained(grace, true);
        } catch (InterruptedException stopWaiting) {
            interrupted = true;
        }
        Thread acceptorToJoin;
        lifecycle.lock();
        try {
            stopping = true;
            acceptorToJoin = acceptor;
            closeQuietly(serverSocket);
        } finally {
            lifecycle.unlock();
        }
        try {
            if (acceptorToJoin != null) {
                acceptorToJoin.join(THREAD_JOIN_LIMIT.toMillis());
            }
        } catch (InterruptedException stopWaiting) {
            interrupted = true;
        }
        if (activeSessions.get() > 0 || openCalls.count() > 0) {
            log.warn(
                    "{} AGI sessions still running and {} calls still without their hang-up after the shutdown grace of {} ms: "
                            + "cutting the sessions; raise server.shutdownGrace to let calls finish",
                    activeSessions.get(),
                    openCalls.count(),
                    grace.toMillis());
            liveSockets.forEach(FastAgiServer::closeQuietly);
            sessionThreadsRunning.forEach(Thread::interrupt);
        }
        try {
            awaitDrained(THREAD_JOIN_LIMIT, false);
            sessionPool.shutdown(THREAD_JOIN_LIMIT);
            overloadAnswers.shutdown(THREAD_JOIN_LIMIT);
        } catch (InterruptedException again) {
            interrupted = true;
        }
        warnings.flush();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        log.info("FastAGI server stopped; {} sessions left", activeSessions.get());
    }

    /** Waits until no session runs (and, with {@code callsToo}, no call is in flight), at most {@code limit}. */
    private void awaitDrained(Duration limit, boolean callsToo) throws InterruptedException {
        long remaining = limit.toNanos();
        sessionEnds.lock();
        try {
            while ((activeSessions.get() > 0 || (callsToo && openCalls.count() > 0)) && remaining > 0) {
                remaining = drained.awaitNanos(remaining);
            }
        } finally {
            sessionEnds.unlock();
        }
    }

    /** A session ended: wakes a shutdown waiting for the last one (only then: the lock is not taken per call otherwise). */
    private void sessionEnded(Socket socket) {
        liveSockets.remove(socket);
        activeSessions.decrementAndGet();
        if (draining) {
            sessionEnds.lock();
            try {
                drained.signalAll();
            } finally {
                sessionEnds.unlock();
            }
        }
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException acceptFailed) {
                if (stopping) {
                    return;
                }
                warnings.warn(
                        AgiWarnings.ACCEPT_FAILED,
                        "accept",
                        () -> "accepting a FastAGI connection failed: " + acceptFailed.getMessage()
                                + "; check the process's open-file limit");
                pauseAfterAcceptFailure();
                continue;
            }
            try {
                admit(socket);
            } catch (RuntimeException bug) {
                closeQuietly(socket);
                log.error("bug: admitting a FastAGI connection failed", bug);
            }
        }
    }

    private void admit(Socket socket) {
        if (!allowlist.admits(socket.getInetAddress())) {
            closeQuietly(socket);
            return;
        }
        if (activeSessions.incrementAndGet() > settings.maxSessions()) {
            activeSessions.decrementAndGet();
            overloadAnswers.refuse(socket);
            return;
        }
        liveSockets.add(socket);
        try {
            sessionPool.run(() -> runSession(socket));
        } catch (OutOfMemoryError | RuntimeException cannotStart) {
            closeQuietly(socket);
            sessionEnded(socket);
            log.error(
                    "could not start a session thread for {}",
                    socket.getInetAddress().getHostAddress(),
                    cannotStart);
        }
    }

    private void runSession(Socket socket) {
        Thread current = Thread.currentThread();
        sessionThreadsRunning.add(current);
        try {
            dispatcher.serve(socket);
        } finally {
            sessionThreadsRunning.remove(current);
            sessionEnded(socket);
        }
    }

    private void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        SessionDispatcher.closeQuietly(closeable);
    }
}
