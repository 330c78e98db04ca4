package io.callpath.agi;

import io.callpath.logs.RateLimitedWarnings;
import io.callpath.threads.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections over server.maxSessions: each is told {@code CALLPATH_STATUS=OVERLOADED} the moment it is accepted,
 * before its header is read (Asterisk reads the command once it has sent the header; one command, so it is not
 * pipelining), so no connection waits on the ones refused before it: the acceptor only writes the status and queues the
 * socket. Then, on threads of its own (up to {@value #RECORDING_THREADS} at once, a silent connection holding one for at
 * most 2 s), each refusal reads the header, the status's reply and the call's linkedid, is recorded and closed (the
 * dialplan goes on at the close). One that finds no free thread was still told; it is half-closed at once, so Asterisk
 * reads the status and the end of the session, and is counted as unrecorded.
 */
final class OverloadAnswers {

    static final String STATUS_COMMAND = "SET VARIABLE CALLPATH_STATUS \"OVERLOADED\"";
    private static final byte[] STATUS_LINE = (STATUS_COMMAND + "\n").getBytes(StandardCharsets.US_ASCII);
    static final int RECORDING_THREADS = 256;
    /** Told but not recorded: the socket stays open this long for Asterisk to read the status, then closes. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private static final int MAX_LINGERING = 4096;
    private static final int MAX_QUEUED = 4096;

    /** Told sockets waiting for a recording thread: the acceptor only queues them (starting a thread is not free). */
    private final BlockingQueue<Socket> toRecord = new ArrayBlockingQueue<>(MAX_QUEUED);

    private final Thread dispatcher;
    private final ThreadPoolExecutor recorders;
    private final ScheduledThreadPoolExecutor closer;
    private final AtomicInteger lingering = new AtomicInteger();
    private final LongAdder told = new LongAdder();
    private final LongAdder unrecorded = new LongAdder();
    private final RecordRefusal recordRefusal;
    private final RateLimitedWarnings warnings;
    private final int maxSessions;

    /** Reads a told connection's header and records it; returns true when the refusal was recorded. */
    @FunctionalInterface
    interface RecordRefusal {
        boolean record(Socket socket);
    }

    OverloadAnswers(RecordRefusal recordRefusal, RateLimitedWarnings warnings, int maxSessions) {
        this.recordRefusal = recordRefusal;
        this.warnings = warnings;
        this.maxSessions = maxSessions;
        this.recorders = new ThreadPoolExecutor(
                0,
                RECORDING_THREADS,
                5,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                DaemonThreads.numbered("agi-overload-"));
        this.closer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("agi-overload-closer"));
        this.closer.setRemoveOnCancelPolicy(true);
        this.dispatcher = DaemonThreads.unstarted("agi-overload-dispatcher", this::dispatch);
        this.dispatcher.start();
    }

    /** Tells {@code socket} OVERLOADED now and records the refusal in the background. Never blocks on the peer. */
    void refuse(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            OutputStream output = socket.getOutputStream();
            // A few bytes into an empty send buffer: this write does not wait on the peer.
            output.write(STATUS_LINE);
            output.flush();
            told.increment();
        } catch (IOException gone) {
            closeQuietly(socket);
            return;
        }
        if (!toRecord.offer(socket)) {
            notRecorded(socket, MAX_QUEUED + " refusals were waiting to be recorded already");
        }
    }

    /** Hands told sockets to recording threads, off the acceptor's path. */
    private void dispatch() {
        while (true) {
            Socket socket;
            try {
                socket = toRecord.take();
            } catch (InterruptedException stop) {
                return;
            }
            try {
                recorders.execute(() -> {
                    boolean recorded = false;
                    try {
                        recorded = recordRefusal.record(socket);
                    } finally {
                        closeQuietly(socket);
                        if (!recorded) {
                            unrecorded.increment();
                        }
                    }
                });
            } catch (RejectedExecutionException allBusy) {
                notRecorded(socket, RECORDING_THREADS + " refusals were being recorded already");
            }
        }
    }

    private void notRecorded(Socket socket, String why) {
        unrecorded.increment();
        String peer = socket.getInetAddress().getHostAddress();
        warnings.warn(
                AgiWarnings.OVERLOADED,
                peer,
                () -> "refused a FastAGI connection from " + peer + " over server.maxSessions="
                        + maxSessions + ": told OVERLOADED but not recorded (" + why
                        + "); raise server.maxSessions or add a callpath server");
        lingerThenClose(socket);
    }

    /** Lets Asterisk read the status (a close with its header unread would reset the connection), then closes. */
    private void lingerThenClose(Socket socket) {
        try {
            socket.shutdownOutput();
        } catch (IOException alreadyGone) {
            closeQuietly(socket);
            return;
        }
        if (lingering.incrementAndGet() > MAX_LINGERING || closer.isShutdown()) {
            lingering.decrementAndGet();
            closeQuietly(socket);
            return;
        }
        try {
            closer.schedule(
                    () -> {
                        lingering.decrementAndGet();
                        closeQuietly(socket);
                    },
                    LINGER.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            lingering.decrementAndGet();
            closeQuietly(socket);
        }
    }

    long told() {
        return told.sum();
    }

    long unrecorded() {
        return unrecorded.sum();
    }

    /** Stops recording; lingering sockets are closed now. */
    void shutdown(Duration wait) throws InterruptedException {
        dispatcher.interrupt();
        dispatcher.join(wait.toMillis());
        for (Socket waiting = toRecord.poll(); waiting != null; waiting = toRecord.poll()) {
            unrecorded.increment();
            closeQuietly(waiting);
        }
        recorders.shutdown();
        closer.shutdown();
        recorders.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        closer.shutdownNow().forEach(Runnable::run);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort: the peer may already be gone.
        }
    }
}
