package io.callpath.store;

import io.callpath.clock.CallEvent;
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
    private static final long SYNC_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int APPEND_CHUNK = 2_000;

    private final BlockingQueue<CallEvent> queue;
    private final EventSpool spool;
    private final long lossReportEvery;
    private final Thread spooler;
    private final AtomicLong lost = new AtomicLong();
    private long lossReported;
    private volatile boolean closing;
    private volatile boolean closed;

    SpoolOverflow(EventSpool spool, int capacity, long lossReportEvery) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.spool = spool;
        this.lossReportEvery = lossReportEvery;
        this.spooler = new Thread(this::run, "callpath-event-spooler");
        this.spooler.setDaemon(true);
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

    int depth() {
        return queue.size();
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
        List<CallEvent> left = new ArrayList<>();
        queue.drainTo(left);
        try {
            spool.append(left);
            spool.sync();
        } catch (IOException e) {
            log.error("lost {} overflow events at shutdown: the spool in {} is not writable ({})",
                    left.size(), spool.directory(), e.getMessage());
        }
        reportLoss();
    }

    private void run() {
        long lastSync = System.nanoTime();
        List<CallEvent> chunk = new ArrayList<>(APPEND_CHUNK);
        while (!closing || !queue.isEmpty()) {
            try {
                chunk.clear();
                CallEvent first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    chunk.add(first);
                    queue.drainTo(chunk, APPEND_CHUNK - 1);
                    spool.append(chunk);
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
                lost.addAndGet(chunk.size());
                log.warn("could not append {} overflow events to the spool {} ({}); they are lost — free disk space or fix "
                        + "the permissions of database.spoolDirectory", chunk.size(), spool.directory(), e.getMessage());
                pauseAfterFailure();
            } catch (RuntimeException e) {
                log.error("event spooler hit a bug; it goes on with the next events", e);
            }
        }
    }

    private synchronized void reportLoss() {
        long now = lost.get();
        if (now > lossReported && (lossReported == 0 || now - lossReported >= lossReportEvery)) {
            log.warn("lost {} call events so far: the event queue and the spool overflow queue (database.queueCapacity each) "
                    + "were both full — raise database.queueCapacity, and check that the disk of {} has space and keeps up",
                    now, spool.directory().toAbsolutePath());
            lossReported = now;
        }
    }

    private boolean appendAfterClose(CallEvent event) {
        try {
            spool.append(List.of(event));
            return true;
        } catch (IOException e) {
            lost.incrementAndGet();
            log.error("event {} of call {} arrived after shutdown and is lost: spool {} not writable ({})",
                    event.type(), event.linkedId(), spool.directory(), e.getMessage());
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
