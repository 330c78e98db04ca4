package io.callpath.store;

import io.callpath.clock.CallEvent;
import io.callpath.clock.CallSummary;
import io.callpath.clock.CallTimeline;
import io.callpath.clock.EventSink;
import io.callpath.config.DatabaseSettings;
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
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private volatile boolean closing;

    /**
     * @param summarizer      folds a call's events into its row ({@link CallTimeline#summarize} in production)
     * @param closeTimeout    how long {@link #close()} may spend writing what is left before it spools the rest
     * @param monotonicNanos  monotonic time source for retry back-off
     */
    public PostgresEventWriter(DataSource dataSource, DatabaseSettings settings,
                               BiFunction<String, List<CallEvent>, CallSummary> summarizer,
                               Duration closeTimeout, LongSupplier monotonicNanos) {
        this(dataSource, settings, summarizer, closeTimeout, monotonicNanos, () -> true);
    }

    /** @param schemaMigrated false while the database is not migrated yet: until then every batch goes to the spool */
    public PostgresEventWriter(DataSource dataSource, DatabaseSettings settings,
                               BiFunction<String, List<CallEvent>, CallSummary> summarizer,
                               Duration closeTimeout, LongSupplier monotonicNanos, BooleanSupplier schemaMigrated) {
        if (settings.queueCapacity() < 1) {
            throw new IllegalArgumentException("database.queueCapacity must be at least 1, was " + settings.queueCapacity());
        }
        if (settings.batchSize() < 1) {
            throw new IllegalArgumentException("database.batchSize must be at least 1, was " + settings.batchSize());
        }
        // events of one call stay on one thread (shard by linkedid); calls across threads are serialised by advisory locks
        int threads = Math.max(1, Math.min(MAX_WRITER_THREADS, settings.poolSize() - 1));
        int perShard = Math.max(1, (settings.queueCapacity() + threads - 1) / threads);
        for (int i = 0; i < threads; i++) {
            shards.add(new Shard(i, perShard, monotonicNanos.getAsLong()));
        }
        this.store = new CallEventStore(dataSource, summarizer);
        this.spool = new EventSpool(settings.spoolDirectory());
        this.overflow = new SpoolOverflow(spool, Math.max(settings.queueCapacity(), MIN_OVERFLOW_CAPACITY), LOSS_REPORT_EVERY);
        this.deadLetters = new DeadLetters(settings.spoolDirectory());
        this.batchSize = settings.batchSize();
        this.closeTimeout = closeTimeout;
        this.monotonicNanos = monotonicNanos;
        this.schemaMigrated = schemaMigrated;
    }

    /** A started writer with the production fold, system clock and a 5 s close budget. */
    public static PostgresEventWriter start(DataSource dataSource, DatabaseSettings settings) {
        return new PostgresEventWriter(dataSource, settings, CallTimeline::summarize, Duration.ofSeconds(5), System::nanoTime)
                .start();
    }

    /** A started production writer on {@code database} that spools until the database is migrated ({@link Database#startServing}). */
    public static PostgresEventWriter start(Database database, DatabaseSettings settings) {
        return new PostgresEventWriter(database.dataSource(), settings, CallTimeline::summarize, Duration.ofSeconds(5),
                System::nanoTime, database::migrated).start();
    }

    public PostgresEventWriter start() {
        overflow.start();
        shards.forEach(shard -> shard.thread.start());
        log.info("event writer started threads={} queueCapacity={} (+ overflow to the spool) batchSize={} spool={}",
                shards.size(), shards.stream().mapToInt(shard -> shard.queue.remainingCapacity()).sum(), batchSize,
                spool.directory().toAbsolutePath());
        return this;
    }

    @Override
    public void accept(CallEvent event) {
        Shard shard = shards.get(Math.floorMod(event.linkedId().hashCode(), shards.size()));
        if (closing || !shard.queue.offer(event)) {
            overflow.offer(event);
        }
    }

    public WriterMetrics metrics() {
        return new WriterMetrics(shards.stream().mapToInt(shard -> shard.queue.size()).sum(), overflow.depth(), spool.appendedCount(), written.get(), deadLetters.count(),
                overflow.lostCount(), reachable.get() && schemaMigrated.getAsBoolean());
    }

    /**
     * The wall time of the oldest event waiting in memory for the database, empty when none waits: now minus this is
     * the writer's lag (events in the spool are counted by {@link WriterMetrics#spooledEvents()} instead).
     */
    public Optional<Instant> oldestQueuedEventTime() {
        Instant oldest = null;
        for (Shard shard : shards) {
            CallEvent head = shard.queue.peek();
            if (head != null && (oldest == null || head.wallTime().isBefore(oldest))) {
                oldest = head.wallTime();
            }
        }
        return Optional.ofNullable(oldest);
    }

    Path spoolDirectory() {
        return spool.directory();
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<CallEvent> left = new ArrayList<>();
        shards.forEach(shard -> shard.queue.drainTo(left));
        try {
            spool.append(left);
            spool.sync();
            if (shards.stream().noneMatch(shard -> shard.thread.isAlive())) {
                spool.close();
            }
        } catch (IOException e) {
            log.error("lost {} events at shutdown: the spool in {} is not writable ({})", left.size(), spool.directory(), e.getMessage());
        }
        log.info("event writer stopped written={} spooled={} leftInSpool={} rejected={} lost={}", written.get(),
                spool.appendedCount(), left.size(), deadLetters.count(), overflow.lostCount());
    }

    /** One writer thread with its own queue: the calls whose linkedid hashes to it. Shard 0 also replays the spool. */
    private final class Shard {

        private final BlockingQueue<CallEvent> queue;
        private final Thread thread;
        private final boolean replays;
        private long nextAttemptNanos;
        private Duration retryDelay = FIRST_RETRY;

        Shard(int index, int capacity, long now) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.replays = index == 0;
            this.nextAttemptNanos = now;
            this.thread = new Thread(this::run, index == 0 ? "callpath-event-writer" : "callpath-event-writer-" + index);
            this.thread.setDaemon(true);
        }

        private void run() {
            try {
                while (true) {
                    boolean stopping = closing;
                    boolean migrated = schemaMigrated.getAsBoolean();
                    if (replays && !stopping && migrated && retryDue() && spool.hasPending()) {
                        replaySpool();
                    }
                    List<CallEvent> batch = drain(stopping);
                    if (batch.isEmpty()) {
                        spool.sync();
                        if (stopping) {
                            return;
                        }
                        continue;
                    }
                    // straight to the database even while the spool holds older events: ids make order irrelevant
                    if (!migrated || !retryDue() || !write(batch)) {
                        spool.append(batch);
                        spool.sync();
                    }
                }
            } catch (IOException e) {
                log.error("event writer stopped: spool {} is not writable ({}); events now only queue in memory and overflow is lost",
                        spool.directory(), e.getMessage(), e);
            } catch (RuntimeException e) {
                log.error("event writer stopped by a bug", e);
            }
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
                log.warn("database write failed ({}); events go to the spool in {} and are replayed when it is back — "
                        + "check that PostgreSQL is running and reachable", e.getMessage(), spool.directory().toAbsolutePath());
            } else {
                log.debug("database still unreachable: {}", e.getMessage());
            }
            nextAttemptNanos = monotonicNanos.getAsLong() + retryDelay.toNanos();
            retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
            return false;
        }

        /** Replays sealed spool segments oldest first; stops at the first failure and leaves the rest for the next retry. */
        private void replaySpool() throws IOException {
            long replayed = 0;
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
            if (replayed > 0) {
                log.info("replayed {} events from the spool {}", replayed, spool.directory().toAbsolutePath());
            }
        }
    }
}
