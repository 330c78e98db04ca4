package io.callpath.store;

import io.callpath.config.DatabaseRules;
import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.CallTimeline;
import io.callpath.events.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores call events in PostgreSQL without ever making a call wait.
 * <p>
 * {@link #accept} only offers to a bounded queue; when it is full, to a second bounded queue (as large, at least
 * {@value #MIN_OVERFLOW_CAPACITY}) that a dedicated spool thread appends to the spool file ({@link SpoolOverflow}).
 * accept() never holds a lock across I/O and never touches the disk; only when both queues are full is the event lost,
 * counted, and reported once per {@value #LOSS_REPORT_EVERY} losses. One writer thread drains the first queue in
 * batches into {@code call_events} and recomputes the touched {@code calls} rows. Events PostgreSQL rejects as bad data
 * go to {@link DeadLetters}. While the database is slow or down, batches go to the spool (fsync'd per batch) and are
 * replayed, each segment deleted only after its commit, when a retry succeeds. Event ids make every replay harmless.
 * <p>
 * No I/O error ends a writer thread: a batch neither the database nor the spool takes is kept and retried (database with
 * back-off, spool every {@value #SPOOL_RETRY_MILLIS} ms) while the queue behind it fills; events are lost only once both
 * in-memory queues are full and the spool cannot be written, and writing resumes by itself when the disk or the database
 * recovers. {@link #flush(Duration)} pushes everything accepted so far, spool included, into PostgreSQL (shutdown).
 * <p>
 * Loss bound on kill -9: the events still in the two in-memory queues (normally less than one batch; up to
 * queueCapacity + max(queueCapacity, 10 000) while the writer and the disk are behind) and the batch in flight.
 * Spool appends are in the kernel once written, so they survive a kill -9; on a power loss, appends since the last
 * fsync (one batch, or ~100 ms of overflow) are lost.
 */
public final class PostgresEventWriter implements EventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresEventWriter.class);
    private static final long POLL_MILLIS = 100;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    /** While {@link #flush} waits, a database that failed is tried again this often instead of after the back-off. */
    private static final Duration FLUSH_RETRY = Duration.ofMillis(200);

    static final long SPOOL_RETRY_MILLIS = 500;
    private static final long FLUSH_POLL_MILLIS = 10;
    private static final String EXTERNAL_OUTAGE_ADVICE = "check that PostgreSQL is running and reachable";
    static final long LOSS_REPORT_EVERY = 10_000;
    /** A small queue (tests, tight memory) still gets an overflow stage that absorbs a burst while the disk catches up. */
    static final int MIN_OVERFLOW_CAPACITY = 10_000;

    /** Writer threads (each its own connection), never more than the pool can give while lookups keep one. */
    static final int MAX_WRITER_THREADS = 2;

    private final List<Shard> shards = new ArrayList<>();
    private final CallEventStore store;
    private final EventSpool spool;
    private final SpoolOverflow overflow;
    private final DeadLetters deadLetters;
    private final int batchSize;
    private final Duration closeTimeout;
    private final LongSupplier monotonicNanos;
    private final BooleanSupplier schemaMigrated;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lostAtClose = new AtomicLong();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final String outageAdvice;
    private volatile boolean closing;
    private volatile boolean flushing;
    private volatile boolean abandoned;

    /**
     * @param summarizer      folds a call's events into its row ({@link CallTimeline#summarize} in production)
     * @param closeTimeout    how long {@link #close()} may spend writing what is left before it spools the rest
     * @param monotonicNanos  monotonic time source for retry back-off
     */
    public PostgresEventWriter(
            DataSource dataSource,
            DatabaseSettings settings,
            BiFunction<String, List<CallEvent>, CallSummary> summarizer,
            Duration closeTimeout,
            LongSupplier monotonicNanos) {
        this(dataSource, settings, summarizer, closeTimeout, monotonicNanos, () -> true);
    }

    /** @param schemaMigrated false while the database is not migrated yet: until then every batch goes to the spool */
    public PostgresEventWriter(
            DataSource dataSource,
            DatabaseSettings settings,
            BiFunction<String, List<CallEvent>, CallSummary> summarizer,
            Duration closeTimeout,
            LongSupplier monotonicNanos,
            BooleanSupplier schemaMigrated) {
        this(dataSource, settings, summarizer, closeTimeout, monotonicNanos, schemaMigrated, EXTERNAL_OUTAGE_ADVICE);
    }

    /** @param outageAdvice what the WARN of a failed write tells the operator to do */
    PostgresEventWriter(
            DataSource dataSource,
            DatabaseSettings settings,
            BiFunction<String, List<CallEvent>, CallSummary> summarizer,
            Duration closeTimeout,
            LongSupplier monotonicNanos,
            BooleanSupplier schemaMigrated,
            String outageAdvice) {
        DatabaseRules.requireValid(settings);
        // events of one call stay on one thread (shard by linkedid); calls across threads are serialised by advisory
        // locks
        int threads = Math.max(1, Math.min(MAX_WRITER_THREADS, settings.poolSize() - 1));
        int perShard = Math.max(1, (settings.queueCapacity() + threads - 1) / threads);
        for (int i = 0; i < threads; i++) {
            shards.add(new Shard(i, perShard, monotonicNanos.getAsLong()));
        }
        this.store = new CallEventStore(dataSource, summarizer);
        this.spool = new EventSpool(settings.spoolDirectory());
        this.overflow =
                new SpoolOverflow(spool, Math.max(settings.queueCapacity(), MIN_OVERFLOW_CAPACITY), LOSS_REPORT_EVERY);
        this.deadLetters = new DeadLetters(settings.spoolDirectory());
        this.batchSize = settings.batchSize();
        this.closeTimeout = closeTimeout;
        this.monotonicNanos = monotonicNanos;
        this.schemaMigrated = schemaMigrated;
        this.outageAdvice = outageAdvice;
    }

    /** A started writer with the production fold, system clock and a 5 s close budget. */
    public static PostgresEventWriter start(DataSource dataSource, DatabaseSettings settings) {
        return new PostgresEventWriter(
                        dataSource, settings, CallTimeline::summarize, Duration.ofSeconds(5), System::nanoTime)
                .start();
    }

    /** A started production writer on {@code database} that spools until the database is migrated ({@link Database#startServing}). */
    public static PostgresEventWriter start(Database database, DatabaseSettings settings) {
        String advice = database.embeddedPid().isPresent()
                ? "callpath restarts the embedded PostgreSQL by itself (see the 'database' log lines; its log is "
                        + settings.dataDirectory().toAbsolutePath().resolve(EmbeddedPostmaster.LOG_FILE) + ")"
                : EXTERNAL_OUTAGE_ADVICE;
        return new PostgresEventWriter(
                        database.dataSource(),
                        settings,
                        CallTimeline::summarize,
                        Duration.ofSeconds(5),
                        System::nanoTime,
                        database::migrated,
                        advice)
                .start();
    }

    public PostgresEventWriter start() {
        spool.probe()
                .ifPresent(problem -> log.warn(
                        "spool {} cannot be written ({}): while the database is down or slow, "
                                + "events can only wait in memory (database.queueCapacity) and are lost beyond it — fix "
                                + "database.spoolDirectory (space, permissions); it is retried by itself",
                        spool.directory().toAbsolutePath(),
                        problem));
        overflow.start();
        shards.forEach(shard -> shard.thread.start());
        log.info(
                "event writer started threads={} queueCapacity={} (+ overflow to the spool) batchSize={} spool={}",
                shards.size(),
                shards.stream()
                        .mapToInt(shard -> shard.queue.remainingCapacity())
                        .sum(),
                batchSize,
                spool.directory().toAbsolutePath());
        return this;
    }

    @Override
    public void accept(CallEvent event) {
        Shard shard = shards.get(Math.floorMod(event.linkedId().hashCode(), shards.size()));
        if (!closing) {
            // counted before the offer, so flush() never sees an event in flight as done
            shard.enqueued.increment();
            if (shard.queue.offer(event)) {
                return;
            }
            shard.enqueued.decrement();
        }
        overflow.offer(event);
    }

    public WriterMetrics metrics() {
        return new WriterMetrics(
                shards.stream()
                        .mapToInt(shard -> shard.queue.size() + shard.held.size())
                        .sum(),
                overflow.depth(),
                spool.appendedCount(),
                written.get(),
                deadLetters.count(),
                overflow.lostCount() + lostAtClose.get(),
                reachable.get() && schemaMigrated.getAsBoolean(),
                spool.failure().isEmpty());
    }

    /**
     * The wall time of the oldest event waiting in memory for the database, empty when none waits: now minus this is
     * the writer's lag (events in the spool are counted by {@link WriterMetrics#spooledEvents()} instead).
     */
    public Optional<Instant> oldestQueuedEventTime() {
        Instant oldest = null;
        for (Shard shard : shards) {
            // a batch held back (database and spool both failing) is older than anything behind it in the queue
            List<CallEvent> held = shard.held;
            CallEvent head = held.isEmpty() ? shard.queue.peek() : held.get(0);
            if (head != null && (oldest == null || head.wallTime().isBefore(oldest))) {
                oldest = head.wallTime();
            }
        }
        return Optional.ofNullable(oldest);
    }

    Path spoolDirectory() {
        return spool.directory();
    }

    /**
     * Pushes every event accepted before this call into PostgreSQL: the queues, batches held back by a failure, and the
     * spool (replayed now, without waiting for the retry back-off). Events accepted meanwhile are written too, but not
     * waited for. For a shutdown, after the last calls have ended and before {@link #close()} and
     * {@link Database#close()}; the writer keeps running afterwards.
     *
     * @return true when all of them are committed; false when {@code timeout} passed first (the database is down): the
     *         rest stays queued or spooled, {@link #close()} spools what is in memory, and the next start replays it
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushing = true;
        try {
            shards.forEach(Shard::retryNow);
            while (!drained()) {
                if (System.nanoTime() - deadline >= 0) {
                    WriterMetrics left = metrics();
                    log.warn(
                            "event writer flush incomplete after {} ms: queued={} overflow={} spool has events={} in flight per writer={} "
                                    + "({}); they stay spooled and are written at the next start",
                            timeout.toMillis(),
                            left.queueDepth(),
                            left.overflowDepth(),
                            spool.hasPending(),
                            shards.stream()
                                    .map(shard -> shard.enqueued.sum() - shard.placed)
                                    .toList(),
                            reachable.get() ? "database reachable" : "database unreachable");
                    return false;
                }
                Thread.sleep(FLUSH_POLL_MILLIS);
            }
            log.info("event writer flushed: every event is in PostgreSQL (written={})", written.get());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            flushing = false;
        }
    }

    /** Nothing waits anywhere: checked in the order events move (overflow and shards feed the spool, the spool last). */
    private boolean drained() {
        if (!overflow.idle()) {
            return false;
        }
        for (Shard shard : shards) {
            if (shard.enqueued.sum() != shard.placed) {
                return false;
            }
        }
        return !spool.hasPending();
    }

    /** Writes what is queued within the close budget, spools the rest, and stops the writer thread. */
    @Override
    public void close() {
        closing = true;
        overflow.close();
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        try {
            for (Shard shard : shards) {
                shard.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            abandoned = true;
            for (Shard shard : shards) {
                shard.thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<CallEvent> left = new ArrayList<>();
        shards.forEach(shard -> {
            if (!shard.thread.isAlive()) {
                left.addAll(shard.held);
            }
            shard.queue.drainTo(left);
        });
        try {
            spool.append(left);
            spool.sync();
            if (shards.stream().noneMatch(shard -> shard.thread.isAlive())) {
                spool.close();
            }
        } catch (IOException e) {
            lostAtClose.addAndGet(left.size());
            log.error(
                    "lost {} events at shutdown: the database did not take them and the spool in {} is not writable ({})",
                    left.size(),
                    spool.directory(),
                    e.getMessage());
        }
        log.info(
                "event writer stopped written={} spooled={} leftInSpool={} rejected={} lost={}",
                written.get(),
                spool.appendedCount(),
                left.size(),
                deadLetters.count(),
                overflow.lostCount() + lostAtClose.get());
    }

    /** One writer thread with its own queue: the calls whose linkedid hashes to it. Shard 0 also replays the spool. */
    private final class Shard {

        private final BlockingQueue<CallEvent> queue;
        private final Thread thread;
        private final boolean replays;
        private volatile long nextAttemptNanos;
        private volatile Duration retryDelay = FIRST_RETRY;
        private long nextSpoolAttemptNanos;
        /** Taken from the queue, neither committed nor spooled yet: kept until one of them takes it. */
        private volatile List<CallEvent> held = List.of();
        /** Events offered to {@link #queue} (counted before the offer) and events committed, spooled or rejected since. */
        private final LongAdder enqueued = new LongAdder();

        private volatile long placed;

        Shard(int index, int capacity, long now) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.replays = index == 0;
            this.nextAttemptNanos = now;
            this.nextSpoolAttemptNanos = now;
            this.thread =
                    new Thread(this::run, index == 0 ? "callpath-event-writer" : "callpath-event-writer-" + index);
            this.thread.setDaemon(true);
        }

        private void run() {
            while (true) {
                try {
                    if (!step()) {
                        return;
                    }
                } catch (RuntimeException e) {
                    log.error("event writer hit a bug; it keeps its batch and goes on", e);
                    pause(1_000);
                }
            }
        }

        /** One round: replay (shard 0), take a batch unless one is held, place it in the database or the spool. */
        private boolean step() {
            boolean stopping = closing;
            boolean migrated = schemaMigrated.getAsBoolean();
            if (replays && !stopping && migrated && retryDue() && spool.hasPending()) {
                replaySpool();
            }
            if (held.isEmpty()) {
                held = drain(stopping);
                if (held.isEmpty()) {
                    syncSpool();
                    return !stopping;
                }
            }
            if (abandoned) {
                return false;
            }
            // straight to the database even while the spool holds older events: ids make order irrelevant
            if (migrated && retryDue() && write(held)) {
                placed(held);
                return true;
            }
            if (monotonicNanos.getAsLong() - nextSpoolAttemptNanos >= 0) {
                try {
                    spool.append(held);
                    spool.sync();
                    placed(held);
                    return true;
                } catch (IOException e) {
                    // EventSpool logged it once; the batch stays, the queue behind it fills, the next round retries
                    nextSpoolAttemptNanos =
                            monotonicNanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(SPOOL_RETRY_MILLIS);
                }
            }
            pause(POLL_MILLIS);
            return true;
        }

        private void placed(List<CallEvent> batch) {
            held = List.of();
            placed += batch.size();
        }

        private void syncSpool() {
            try {
                spool.sync();
            } catch (IOException e) {
                // logged by EventSpool; the appends stay in the kernel and the next sync retries
            }
        }

        private void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
            }
        }

        /** Flush: try the database again at once, and every {@link #FLUSH_RETRY} while it fails. */
        void retryNow() {
            nextAttemptNanos = monotonicNanos.getAsLong();
            retryDelay = FLUSH_RETRY;
        }

        private List<CallEvent> drain(boolean stopping) {
            List<CallEvent> batch = new ArrayList<>(batchSize);
            if (queue.drainTo(batch, batchSize) == 0 && !stopping) {
                try {
                    CallEvent first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, batchSize - 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closing = true;
                }
            }
            return batch;
        }

        private boolean retryDue() {
            return monotonicNanos.getAsLong() - nextAttemptNanos >= 0;
        }

        /** True when the batch is committed; false (and the retry clock set) when the database failed. */
        private boolean write(List<CallEvent> batch) {
            try {
                store.write(batch);
                written.addAndGet(batch.size());
                if (!reachable.getAndSet(true)) {
                    log.info("database reachable again");
                }
                retryDelay = FIRST_RETRY;
                return true;
            } catch (SQLException e) {
                if (isBadData(e) && batch.size() > 1) {
                    return writeOneByOne(batch);
                }
                if (isBadData(e)) {
                    reject(batch.get(0), e);
                    return true;
                }
                return failed(e);
            } catch (RuntimeException e) {
                return failed(e);
            }
        }

        /** SQL states 22 (data exception) and 23 (integrity): retrying cannot help, and must not block the events behind. */
        private static boolean isBadData(SQLException e) {
            String state = e.getSQLState();
            return state != null && (state.startsWith("22") || state.startsWith("23"));
        }

        private boolean writeOneByOne(List<CallEvent> batch) {
            for (CallEvent event : batch) {
                if (!write(List.of(event))) {
                    return false;
                }
            }
            return true;
        }

        private void reject(CallEvent event, SQLException e) {
            deadLetters.keep(event, e);
        }

        private boolean failed(Exception e) {
            if (reachable.getAndSet(false)) {
                log.warn(
                        "database write failed ({}); events go to the spool in {} and are replayed when it is back — {}",
                        e.getMessage(),
                        spool.directory().toAbsolutePath(),
                        outageAdvice);
            } else {
                log.debug("database still unreachable: {}", e.getMessage());
            }
            backOff();
            return false;
        }

        private void backOff() {
            nextAttemptNanos = monotonicNanos.getAsLong() + retryDelay.toNanos();
            Duration cap = flushing ? FLUSH_RETRY : MAX_RETRY;
            retryDelay = retryDelay.multipliedBy(2).compareTo(cap) > 0 ? cap : retryDelay.multipliedBy(2);
        }

        /** Replays sealed spool segments oldest first; stops at the first failure and leaves the rest for the next retry. */
        private void replaySpool() {
            long replayed = 0;
            try {
                for (Path segment : spool.seal()) {
                    List<CallEvent> events = spool.read(segment);
                    for (int from = 0; from < events.size(); from += batchSize) {
                        if (!write(events.subList(from, Math.min(events.size(), from + batchSize)))) {
                            return;
                        }
                    }
                    spool.delete(segment);
                    replayed += events.size();
                }
            } catch (IOException e) {
                log.warn(
                        "could not replay the spool {} ({}); retried in {} ms",
                        spool.directory().toAbsolutePath(),
                        e.getMessage(),
                        retryDelay.toMillis());
                backOff();
            } finally {
                if (replayed > 0) {
                    log.info(
                            "replayed {} events from the spool {}",
                            replayed,
                            spool.directory().toAbsolutePath());
                }
            }
        }
    }
}
