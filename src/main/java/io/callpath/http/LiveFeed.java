package io.callpath.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventSink;
import io.callpath.store.CallbacksToday;
import io.callpath.threads.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallboard's and the call meters' share of the event stream. {@link #accept} only offers to a bounded queue
 * (an event that does not fit is dropped and counted: the board then catches up at the next database refresh);
 * one thread ({@code callpath-live}) folds the events into {@link LiveCalls}, counts finished calls in
 * {@link CallMetrics}, and hands a fresh board to the page's subscribers at most every {@link #PUBLISH_EVERY}.
 * Today's calls are read from the database at start and every {@link #REFRESH_EVERY}, the callbacks (open now, done
 * and failed today) every {@link #CALLBACKS_REFRESH_EVERY}, on a thread of their own.
 */
final class LiveFeed implements EventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    static final int QUEUE_CAPACITY = 50_000;
    static final Duration PUBLISH_EVERY = Duration.ofMillis(200);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);
    static final Duration REFRESH_EVERY = Duration.ofSeconds(30);
    /** Callbacks change without a call event (the scheduler, other servers): read more often than the calls. */
    static final Duration CALLBACKS_REFRESH_EVERY = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final LiveCalls calls;
    private final CallMetrics metrics;
    private final BoardSubscribers subscribers;
    private final Clock wallClock;
    private final Duration target;
    private final Duration shortAbandon;
    private final BiFunction<Instant, Instant, List<CallSummary>> todayRows;
    private final Function<Instant, List<CallbacksToday.Row>> callbacksSince;
    /** Written and read by the folding thread only. */
    private List<CallbacksToday.Row> callbacks = List.of();

    private final Thread folder;
    private final Thread refresher;
    private volatile String latestBoard;
    private volatile boolean closed;

    /** A day's rows read from the database, handed to the folding thread through the same queue. */
    private record DayRows(LocalDate day, List<CallSummary> rows) {}

    /** The callbacks read from the database, handed over the same way. */
    private record CallbackRows(List<CallbacksToday.Row> rows) {}

    /**
     * @param todayRows      reads finished calls with t0 in [from, to) ({@code CallQueries.summaries} in production)
     * @param callbacksSince reads the callbacks open now or ended since the day's start ({@code CallbacksToday})
     */
    LiveFeed(
            LiveCalls calls,
            CallMetrics metrics,
            BoardSubscribers subscribers,
            Clock wallClock,
            Duration target,
            Duration shortAbandon,
            BiFunction<Instant, Instant, List<CallSummary>> todayRows,
            Function<Instant, List<CallbacksToday.Row>> callbacksSince) {
        this.calls = calls;
        this.metrics = metrics;
        this.subscribers = subscribers;
        this.wallClock = wallClock;
        this.target = target;
        this.shortAbandon = shortAbandon;
        this.todayRows = todayRows;
        this.callbacksSince = callbacksSince;
        this.folder = DaemonThreads.unstarted("callpath-live", this::fold);
        this.refresher = DaemonThreads.unstarted("callpath-live-refresh", this::refreshLoop);
        this.latestBoard = boardJson(wallClock.instant());
    }

    LiveFeed start() {
        folder.start();
        refresher.start();
        return this;
    }

    @Override
    public void accept(CallEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Events the board could not take because its queue was full. */
    long droppedEvents() {
        return dropped.get();
    }

    /** The board as the page's first load gets it (the SSE stream sends the same JSON on every change). */
    String latestBoard() {
        return latestBoard;
    }

    private void fold() {
        boolean changed = true;
        long lastPublish = 0;
        while (!closed) {
            Object next;
            try {
                next = queue.poll(PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException stop) {
                return;
            }
            try {
                Instant now = wallClock.instant();
                if (next != null) {
                    apply(next, now);
                    changed = true;
                    Object more;
                    while ((more = queue.poll()) != null) {
                        apply(more, now);
                    }
                }
                long sinceLast = System.nanoTime() - lastPublish;
                if (changed && sinceLast >= PUBLISH_EVERY.toNanos() || sinceLast >= HEARTBEAT_EVERY.toNanos()) {
                    calls.sweep(now);
                    latestBoard = boardJson(now);
                    subscribers.publish(latestBoard);
                    lastPublish = System.nanoTime();
                    changed = false;
                }
            } catch (RuntimeException bug) {
                log.error("bug: the wallboard feed failed on an event; it goes on with the next", bug);
            }
        }
    }

    private void apply(Object item, Instant now) {
        if (item instanceof CallEvent event) {
            calls.accept(event, now).ifPresent(metrics::finished);
        } else if (item instanceof DayRows day) {
            calls.replaceDay(day.day(), day.rows());
        } else if (item instanceof CallbackRows read) {
            callbacks = read.rows();
        }
    }

    private void refreshLoop() {
        long lastCallsRead = 0;
        boolean first = true;
        while (!closed) {
            Instant now = wallClock.instant();
            LocalDate day = LocalDate.ofInstant(now, calls.zone());
            Instant from = day.atStartOfDay(calls.zone()).toInstant();
            if (first || System.nanoTime() - lastCallsRead >= REFRESH_EVERY.toNanos()) {
                first = false;
                lastCallsRead = System.nanoTime();
                try {
                    List<CallSummary> rows = todayRows.apply(from, now.plusSeconds(1));
                    if (!queue.offer(new DayRows(day, rows))) {
                        log.debug("wallboard refresh skipped: the live queue is full");
                    }
                } catch (RuntimeException unreadable) {
                    log.debug("wallboard could not read today's calls: {}", unreadable.getMessage());
                }
            }
            try {
                if (!queue.offer(new CallbackRows(callbacksSince.apply(from)))) {
                    log.debug("wallboard callbacks refresh skipped: the live queue is full");
                }
            } catch (RuntimeException unreadable) {
                log.debug("wallboard could not read the callbacks: {}", unreadable.getMessage());
            }
            try {
                Thread.sleep(CALLBACKS_REFRESH_EVERY.toMillis());
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    private String boardJson(Instant now) {
        try {
            return JSON.writeValueAsString(BoardSnapshot.of(calls, callbacks, now, target, shortAbandon));
        } catch (JsonProcessingException bug) {
            throw new IllegalStateException("the board did not serialise", bug);
        }
    }

    @Override
    public void close() {
        closed = true;
        folder.interrupt();
        refresher.interrupt();
        try {
            folder.join(2_000);
            refresher.join(2_000);
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }
}
