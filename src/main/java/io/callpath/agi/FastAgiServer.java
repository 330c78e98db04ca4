package io.callpath.agi;

import io.callpath.config.ServerSettings;
import io.callpath.flow.CallRequest;
import io.callpath.flow.CallScript;
import io.callpath.flow.CallerHungUpException;
import io.callpath.flow.ChannelFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The FastAGI listener: accepts Asterisk's connections, refuses addresses outside server.allow, bounds the
 * number of sessions, and runs each session's {@link CallScript} on a pooled (or virtual) thread over a {@link SocketAgiChannel}.
 */
public final class FastAgiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FastAgiServer.class);
    private static final Duration OVERLOAD_IO_LIMIT = Duration.ofSeconds(2);
    /** Short: a refused session only asks for the linkedid so its FAILED event joins its call, never to wait on it. */
    private static final Duration LINKED_ID_LIMIT = Duration.ofMillis(500);
    private static final String LINKED_ID = "${CHANNEL(linkedid)}";
    private static final Duration THREAD_JOIN_LIMIT = Duration.ofSeconds(5);
    private static final int OVERLOAD_QUEUE = 64;
    private static final int ACCEPT_BACKLOG = 1024;

    private final ServerSettings settings;
    private final Map<String, CallScript> scripts;
    private final SessionRejections rejections;
    private final Set<InetAddress> allowed;
    private final CommandTimings commandTimings;
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final AtomicLong refusedSessions = new AtomicLong();
    private final AtomicLong overloadedSessions = new AtomicLong();
    /** Every admitted session's socket, from admission (before its thread runs) to its end: shutdown cuts these. */
    private final Set<Socket> liveSockets = ConcurrentHashMap.newKeySet();
    /** The threads running a session now, to interrupt at shutdown. */
    private final Set<Thread> sessionThreadsRunning = ConcurrentHashMap.newKeySet();
    private final ReentrantLock sessionEnds = new ReentrantLock();
    private final Condition noSessionLeft = sessionEnds.newCondition();
    private final ThreadPoolExecutor overloadResponder;
    private final SessionThreads sessionThreads;
    private final SessionThreadPool sessionPool;
    private final RefusalWarnings refusalWarnings = new RefusalWarnings(System::nanoTime, log::warn);
    /** A ReentrantLock, not synchronized: bind and close are socket I/O, and monitors pin virtual threads on Java 21. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    private ServerSocket serverSocket;
    private Thread acceptor;
    private volatile boolean stopping;

    /** A server whose sessions run on the threads chosen by {@link SessionThreads#fromSystemProperty()}. */
    public FastAgiServer(ServerSettings settings, Map<String, CallScript> scripts, SessionRejections rejections) {
        this(settings, scripts, rejections, SessionThreads.fromSystemProperty(), CommandTimings.NONE);
    }

    /** As above, telling {@code commandTimings} how long each AGI command took (the metrics). */
    public FastAgiServer(ServerSettings settings, Map<String, CallScript> scripts, SessionRejections rejections,
                         CommandTimings commandTimings) {
        this(settings, scripts, rejections, SessionThreads.fromSystemProperty(), commandTimings);
    }

    FastAgiServer(ServerSettings settings, Map<String, CallScript> scripts, SessionRejections rejections,
                  SessionThreads sessionThreads) {
        this(settings, scripts, rejections, sessionThreads, CommandTimings.NONE);
    }

    FastAgiServer(ServerSettings settings, Map<String, CallScript> scripts, SessionRejections rejections,
                  SessionThreads sessionThreads, CommandTimings commandTimings) {
        this.commandTimings = commandTimings;
        this.sessionThreads = sessionThreads;
        this.settings = validated(settings);
        this.scripts = Map.copyOf(scripts);
        this.rejections = rejections;
        this.allowed = addressesOf(settings.allow());
        this.sessionPool = new SessionThreadPool(sessionThreads, settings.maxSessions());
        AtomicLong responderNumbers = new AtomicLong();
        this.overloadResponder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(OVERLOAD_QUEUE), task -> {
                    Thread thread = new Thread(task, "agi-overload-" + responderNumbers.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Binds the port and starts accepting. */
    public void start() {
        lifecycle.lock();
        try {
            if (serverSocket != null || stopping) {
                throw new IllegalStateException("FastAgiServer already started or shut down");
            }
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port()), ACCEPT_BACKLOG);
                serverSocket = socket;
            } catch (IOException bindFailed) {
                throw new UncheckedIOException("cannot listen on " + settings.bind() + ":" + settings.port()
                        + " (" + bindFailed.getMessage() + "): free the port or change server.port / server.bind", bindFailed);
            }
            acceptor = new Thread(this::acceptLoop, "agi-acceptor");
            acceptor.start();
        } finally {
            lifecycle.unlock();
        }
        log.info("FastAGI listening on {}:{} scripts={} allow={} maxSessions={} sessions on {}",
                settings.bind(), port(), new TreeSet<>(scripts.keySet()), settings.allow(), settings.maxSessions(),
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

    /** Connections refused since start because their address is not in server.allow. */
    public long refusedSessions() {
        return refusedSessions.get();
    }

    /** Connections refused since start because server.maxSessions sessions were running (told OVERLOADED or dropped). */
    public long overloadedSessions() {
        return overloadedSessions.get();
    }

    /** True from {@link #start()} until shutdown begins: the port accepts connections. */
    public boolean listening() {
        lifecycle.lock();
        try {
            return serverSocket != null && !stopping;
        } finally {
            lifecycle.unlock();
        }
    }

    /** {@link #shutdown(Duration)} with server.shutdownGrace. */
    @Override
    public void close() {
        shutdown(settings.shutdownGrace());
    }

    /** Stops accepting, lets live sessions finish within {@code grace}, then cuts the rest and waits for their threads. */
    public void shutdown(Duration grace) {
        Thread acceptorToJoin;
        lifecycle.lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
            acceptorToJoin = acceptor;
            closeQuietly(serverSocket);
        } finally {
            lifecycle.unlock();
        }
        boolean interrupted = false;
        try {
            if (acceptorToJoin != null) {
                acceptorToJoin.join(THREAD_JOIN_LIMIT.toMillis());
            }
            awaitNoSessions(grace);
        } catch (InterruptedException stopWaiting) {
            interrupted = true;
        }
        if (activeSessions.get() > 0) {
            log.warn("{} AGI sessions still running after the shutdown grace of {} ms: cutting them; "
                    + "raise server.shutdownGrace to let calls finish", activeSessions.get(), grace.toMillis());
            liveSockets.forEach(FastAgiServer::closeQuietly);
            sessionThreadsRunning.forEach(Thread::interrupt);
        }
        overloadResponder.shutdownNow();
        refusalWarnings.flush();
        try {
            awaitNoSessions(THREAD_JOIN_LIMIT);
            sessionPool.shutdown(THREAD_JOIN_LIMIT);
            overloadResponder.awaitTermination(THREAD_JOIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException again) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        log.info("FastAGI server stopped; {} sessions left", activeSessions.get());
    }

    /** Waits until every admitted session has ended, at most {@code limit}. */
    private void awaitNoSessions(Duration limit) throws InterruptedException {
        long remaining = limit.toNanos();
        sessionEnds.lock();
        try {
            while (activeSessions.get() > 0 && remaining > 0) {
                remaining = noSessionLeft.awaitNanos(remaining);
            }
        } finally {
            sessionEnds.unlock();
        }
    }

    /** A session ended: wakes a shutdown waiting for the last one (only then: the lock is not taken per call otherwise). */
    private void sessionEnded(Socket socket) {
        liveSockets.remove(socket);
        activeSessions.decrementAndGet();
        if (stopping) {
            sessionEnds.lock();
            try {
                noSessionLeft.signalAll();
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
                log.warn("accepting a FastAGI connection failed: {}; check the process's open-file limit", acceptFailed.getMessage());
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
        InetAddress peer = socket.getInetAddress();
        if (!allowed.contains(peer)) {
            refusedSessions.incrementAndGet();
            refusalWarnings.refused(peer);
            closeQuietly(socket);
            return;
        }
        if (activeSessions.incrementAndGet() > settings.maxSessions()) {
            activeSessions.decrementAndGet();
            overloadedSessions.incrementAndGet();
            try {
                overloadResponder.execute(() -> refuseOverloaded(socket));
            } catch (RejectedExecutionException queueFull) {
                closeQuietly(socket);
                log.warn("dropped FastAGI connection from {}: over server.maxSessions={} and the overload queue is full; "
                        + "raise server.maxSessions or add a callpath server", peer.getHostAddress(), settings.maxSessions());
            }
            return;
        }
        liveSockets.add(socket);
        try {
            sessionPool.run(() -> runSession(socket));
        } catch (OutOfMemoryError | RuntimeException cannotStart) {
            closeQuietly(socket);
            sessionEnded(socket);
            log.error("could not start a session thread for {}", peer.getHostAddress(), cannotStart);
        }
    }

    private void runSession(Socket socket) {
        Thread current = Thread.currentThread();
        sessionThreadsRunning.add(current);
        String peer = socket.getInetAddress().getHostAddress();
        String scriptName = "?";
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            LineReader reader = new LineReader(socket, SocketAgiChannel.MAX_REPLY_LINE_BYTES);
            CallRequest request = AgiHeader.read(reader, settings.headerTimeout());
            MDC.put("call", request.uniqueId());
            scriptName = AgiHeader.printable(request.script());
            SocketAgiChannel channel = new SocketAgiChannel(socket, reader, request,
                    settings.commandTimeout(), settings.dialTimeout(), commandTimings);
            CallScript script = scripts.get(request.script());
            if (script == null) {
                refuseUnknownScript(channel, peer);
                return;
            }
            if (log.isDebugEnabled()) {
                log.debug("session start script={} channel={} from {}", scriptName, AgiHeader.printable(request.channelName()), peer);
            }
            script.run(channel);
            log.debug("session end script={}", scriptName);
        } catch (AgiHeader.BadHeaderException badHeader) {
            log.warn("closed FastAGI connection from {}: {}; point only Asterisk's AGI() at this port", peer, badHeader.getMessage());
        } catch (IOException ioFailed) {
            log.warn("FastAGI connection from {} failed before its script ran: {}", peer, ioFailed.getMessage());
        } catch (CallerHungUpException hungUp) {
            log.debug("session script={} ended: {}", scriptName, hungUp.getMessage());
        } catch (ChannelFailureException failure) {
            if (stopping) {
                log.info("session script={} cut by shutdown: {}", scriptName, failure.getMessage());
            } else {
                log.warn("session script={} from {} failed: {}; the dialplan falls back to the assistants",
                        scriptName, peer, failure.getMessage());
            }
        } catch (RuntimeException bug) {
            log.error("bug: script {} threw", scriptName, bug);
        } finally {
            closeQuietly(socket);
            sessionThreadsRunning.remove(current);
            MDC.remove("call");
            sessionEnded(socket);
        }
    }

    private void refuseUnknownScript(SocketAgiChannel channel, String peer) {
        CallRequest request = channel.request();
        log.warn("unknown FastAGI script '{}' from {}: known scripts are {}; fix the AGI() URL in the dialplan",
                AgiHeader.printable(request.script()), peer, new TreeSet<>(scripts.keySet()));
        String linkedId = linkedIdOf(channel, shorter(settings.commandTimeout(), LINKED_ID_LIMIT));
        tellStatus(channel, "UNKNOWN_SCRIPT");
        report(request, linkedId, "unknown script");
    }

    private void refuseOverloaded(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        Duration limit = shorter(settings.headerTimeout(), OVERLOAD_IO_LIMIT);
        try {
            socket.setTcpNoDelay(true);
            LineReader reader = new LineReader(socket, SocketAgiChannel.MAX_REPLY_LINE_BYTES);
            CallRequest request = AgiHeader.read(reader, limit);
            SocketAgiChannel channel = new SocketAgiChannel(socket, reader, request, limit, limit);
            String linkedId = linkedIdOf(channel, shorter(limit, LINKED_ID_LIMIT));
            tellStatus(channel, "OVERLOADED");
            log.warn("refused call {} ({}) from {}: {} sessions is server.maxSessions; raise it or add a callpath server",
                    linkedId, AgiHeader.printable(request.script()), peer, settings.maxSessions());
            report(request, linkedId, "overloaded");
        } catch (IOException unreadable) {
            log.warn("refused FastAGI connection from {} while overloaded (server.maxSessions={}): {}",
                    peer, settings.maxSessions(), unreadable.getMessage());
        } finally {
            closeQuietly(socket);
        }
    }

    /**
     * The call's linkedid, so that the refusal is recorded on its call and not as a call of its own (a Local channel's
     * or a seller leg's uniqueid is not its call's key); the uniqueid when Asterisk does not say within {@code limit}.
     */
    private static String linkedIdOf(SocketAgiChannel channel, Duration limit) {
        String uniqueId = channel.request().uniqueId();
        try {
            return channel.evaluate(LINKED_ID, limit).map(String::trim).filter(id -> !id.isEmpty()).orElse(uniqueId);
        } catch (ChannelFailureException | CallerHungUpException unanswered) {
            log.debug("no linkedid for refused session {}, recording it under its uniqueid: {}",
                    AgiHeader.printable(uniqueId), unanswered.getMessage());
            return uniqueId;
        }
    }

    private static Duration shorter(Duration one, Duration other) {
        return one.compareTo(other) < 0 ? one : other;
    }

    /** Sets CALLPATH_STATUS so the dialplan can fall back; the session ends either way. */
    private static void tellStatus(SocketAgiChannel channel, String status) {
        try {
            channel.setVariable("CALLPATH_STATUS", status);
        } catch (RuntimeException couldNotTell) {
            log.debug("could not set CALLPATH_STATUS={}: {}", status, couldNotTell.getMessage());
        }
    }

    private void report(CallRequest request, String linkedId, String reason) {
        try {
            rejections.rejected(request, linkedId, reason);
        } catch (RuntimeException bug) {
            log.error("bug: SessionRejections threw for reason {}", reason, bug);
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
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is best effort: the peer may already be gone.
        }
    }

    private static ServerSettings validated(ServerSettings settings) {
        if (settings.port() < 0 || settings.port() > 65_535) {
            throw new IllegalArgumentException("server.port must be 0..65535, was " + settings.port());
        }
        if (settings.maxSessions() < 1) {
            throw new IllegalArgumentException("server.maxSessions must be at least 1, was " + settings.maxSessions());
        }
        requirePositive(settings.headerTimeout(), "server.headerTimeout");
        requirePositive(settings.commandTimeout(), "server.commandTimeout");
        requirePositive(settings.dialTimeout(), "server.dialTimeout");
        if (settings.shutdownGrace() == null || settings.shutdownGrace().isNegative()) {
            throw new IllegalArgumentException("server.shutdownGrace must be zero or more");
        }
        if (settings.allow().isEmpty()) {
            throw new IllegalArgumentException("server.allow is empty: list the addresses of your Asterisk servers");
        }
        return settings;
    }

    private static void requirePositive(Duration duration, String key) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(key + " must be more than zero");
        }
    }

    /** Parses address literals only: a host name here would make every connection wait on DNS. */
    private static Set<InetAddress> addressesOf(List<String> literals) {
        Set<InetAddress> addresses = ConcurrentHashMap.newKeySet();
        for (String literal : literals) {
            String trimmed = literal.trim();
            boolean ipv4 = trimmed.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean ipv6 = trimmed.contains(":") && trimmed.matches("[0-9A-Fa-f:.]+(%\\w+)?");
            if (!ipv4 && !ipv6) {
                throw new IllegalArgumentException("server.allow entry '" + literal + "' is not an IPv4 or IPv6 address");
            }
            try {
                addresses.add(InetAddress.getByName(trimmed));
            } catch (IOException notAnAddress) {
                throw new IllegalArgumentException("server.allow entry '" + literal + "' is not an IPv4 or IPv6 address");
            }
        }
        return Set.copyOf(addresses);
    }
}
