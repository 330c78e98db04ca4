package io.callpath.store;

import io.callpath.events.CallEvent;
import io.callpath.threads.DaemonThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second stage for events the writer's queue cannot take: a bounded in-memory queue that a dedicated thread
 * appends to the spool. {@link #offer} never blocks and never touches the disk, so a call never waits on it;
 * when this queue is full too, the event is counted as lost and the spool thread (not the call) logs a WARN
 * once per {@code lossReportEvery} lost events.
 */
final class SpoolOverflow implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolOverflow.class);
    private static final long POLL_MILLIS = 100;
    private static final long IDLE_MILLIS = 10;
    private static final long SYNC_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int APPEND_CHUNK = 2_000;

    private final BlockingQueue<CallEvent> queue;
    private final EventSpool spool;
    private final long lossReportEvery;
    private final Thread spooler;
    private final AtomicLong lost = new AtomicLong();
    private long lossReported;
    private volatile boolean closing;
    /** Taken from the queue, not yet in the spool: the spooler's thread owns it, guarded by this for idle() and close(). */
    private final List<CallEvent> chunk = new ArrayList<>(APPEND_CHUNK);

    private volatile int chunkSize;
    private volatile boolean closed;

    SpoolOverflow(EventSpool spool, int capacity, long lossReportEvery) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.spool = spool;
        this.lossReportEvery = lossReportEvery;
        this.spooler = DaemonThreads.unstarted("callpath-event-spooler", this::run);
    }

    SpoolOverflow start() {
        spooler.start();
        return this;
    }

    /** Queues the event for the spool; false (and counted as lost) when the overflow queue is full. */
    boolean offer(CallEvent event) {
        if (closed) {
            // shutdown only: nothing drains any more, so a late event of a still running call is appended here
            return appendAfterClose(event);
        }
        if (queue.offer(event)) {
            return true;
        }
        lost.incrementAndGet();
        return false;
    }

    /** Events waiting here for the spool: the queue and the chunk on its way (held while the spool fails). */
    int depth() {
        return queue.size() + chunkSize;
    }

    long lostCount() {
        return lost.get();
    }

    /** Stops the spool thread and appends and syncs whatever it had not taken yet. */
    @Override
    public void close() {
        closing = true;
        try {
            spooler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        List<CallEvent> left;
        synchronized (this) {
            left = new ArrayList<>(chunk);
            chunk.clear();
            chunkSize = 0;
            queue.drainTo(left);
        }
        try {
            spool.append(left);
            spool.sync();
        } catch (IOException e) {
            lost.addAndGet(left.size());
            log.error(
                    "lost {} overflow events at shutdown: the spool in {} is not writable ({})",
                    left.size(),
                    spool.directory(),
                    e.getMessage());
        }
        reportLoss();
    }

    /**
     * Appends what the queue holds in chunks. A chunk the spool refuses (disk full, directory gone) is kept and retried,
     * not dropped: the queue behind it fills, and only then are new events lost, counted in {@link #offer}.
     */
    private void run() {
        long lastSync = System.nanoTime();
        while (true) {
            try {
                synchronized (this) {
                    if (chunk.isEmpty()) {
                        queue.drainTo(chunk, APPEND_CHUNK);
                        chunkSize = chunk.size();
                    }
                }
                if (chunk.isEmpty()) {
                    if (closing) {
                        return;
                    }
                    spool.sync();
                    lastSync = System.nanoTime();
                    reportLoss();
                    Thread.sleep(IDLE_MILLIS);
                    continue;
                }
                spool.append(chunk);
                synchronized (this) {
                    chunk.clear();
                    chunkSize = 0;
                }
                // a power loss costs at most the appends of the last ~100 ms, yet a burst is not fsync'd per chunk
                if (queue.isEmpty() || System.nanoTime() - lastSync >= SYNC_EVERY_NANOS) {
                    spool.sync();
                    lastSync = System.nanoTime();
                }
                reportLoss();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                // EventSpool logged the failure once; the chunk stays and is retried
                reportLoss();
                if (closing) {
                    return;
                }
                pauseAfterFailure();
            } catch (RuntimeException e) {
                log.error("event spooler hit a bug; it goes on with the next events", e);
                pauseAfterFailure();
            }
        }
    }

    /** True when nothing waits here: the queue is empty and no chunk is on its way to the spool. */
    synchronized boolean idle() {
        return queue.isEmpty() && chunk.isEmpty();
    }

    private synchronized void reportLoss() {
        long now = lost.get();
        if (now > lossReported && (lossReported == 0 || now - lossReported >= lossReportEvery)) {
            String spoolFailure = spool.failure();
            if (spoolFailure.isEmpty()) {
                log.warn(
                        "lost {} call events so far: events came faster than the spool disk of {} takes them while the "
                                + "database was slow or down, and the event queue and the overflow queue (database.queueCapacity "
                                + "each) were both full — raise database.queueCapacity or give the spool a faster disk",
                        now,
                        spool.directory().toAbsolutePath());
            } else {
                log.warn(
                        "lost {} call events so far: the spool {} cannot be written ({}) while the database does not take "
                                + "them, and the in-memory queues (database.queueCapacity each) are full — free disk space or fix "
                                + "the directory; writing resumes by itself",
                        now,
                        spool.directory().toAbsolutePath(),
                        spoolFailure);
            }
            lossReported = now;
        }
    }

    private boolean appendAfterClose(CallEvent event) {
        try {
            spool.append(List.of(event));
            return true;
        } catch (IOException e) {
            lost.incrementAndGet();
            log.error(
                    "event {} of call {} arrived after shutdown and is lost: spool {} not writable ({})",
                    event.type(),
                    event.linkedId(),
                    spool.directory(),
                    e.getMessage());
            return false;
        }
    }

    private void pauseAfterFailure() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
