package io.callpath.store;

import io.callpath.flow.CallbackAttempt;
import io.callpath.flow.CallbackJob;
import io.callpath.flow.CallbackJobs;
import io.callpath.flow.CallbackJobs.Confirmation;
import io.callpath.flow.CallbackRequest;
import io.callpath.threads.DaemonThreads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback queue in PostgreSQL ({@code callbacks}, {@code callback_events}, {@code do_not_call}; V9). Jobs are
 * claimed with {@code FOR UPDATE SKIP LOCKED} under a transaction-scoped advisory lock, so two servers never take the
 * same job and never exceed a line's maximum of busy sellers. Every write a call or a callback script asks for
 * ({@link #queue}, {@link #cancel}, {@link #sellerAnswered}, {@link #confirm}, {@link #connected},
 * {@link #attemptFailed}) runs in order on a thread of its own with a bounded queue: no AGI session and no event sink
 * waits on the database (the callback script waits, bounded, for its seller-answered write and its confirm). A write the
 * database cannot take now (connection lost, server restarting) is retried, in order, until it is written or the
 * server stops; only a full queue ({@value #PENDING_WRITES} writes waiting) or a stop loses one, and says which.
 *
 * <p>Every write of an attempt is fenced by job id and attempt number ({@code attempts}, which a claim increments) and
 * the state {@code dialing}: a write that arrives after its attempt's lease ran out and the job was retried, cancelled
 * or ended changes nothing. The seller-answered write tells its script whether the attempt still held the job, and
 * the script dials the caller only then; so two attempts never both ring a caller.
 */
public final class PostgresCallbackJobs implements CallbackJobs, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresCallbackJobs.class);
    static final int PENDING_WRITES = 10_000;
    private static final long FIRST_RETRY_MILLIS = 200;
    private static final long LAST_RETRY_MILLIS = 5_000;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final long CLAIM_LOCK = 0x63616c6c6261636bL;

    private static final String INSERT = "INSERT INTO callbacks (number, line, department, linked_id, origin, state, "
            + "hung_up_at, waited_ms, created_at, due_at, max_attempts, retry_after_ms, max_busy) "
            + "SELECT ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM do_not_call d WHERE d.number = ?) "
            + "ON CONFLICT (number) WHERE state IN ('queued', 'dialing') DO NOTHING RETURNING id";
    private static final String CANCEL = "UPDATE callbacks SET state = 'cancelled', ended_at = ?, end_reason = ?, "
            + "lease_until = NULL WHERE number = ? AND state IN ('queued', 'dialing') RETURNING id";
    private static final String CANCEL_DO_NOT_CALL = "UPDATE callbacks c SET state = 'cancelled', ended_at = ?, "
            + "end_reason = 'do_not_call' WHERE c.state = 'queued' "
            + "AND EXISTS (SELECT 1 FROM do_not_call d WHERE d.number = c.number) RETURNING id";
    private static final String CLAIM =
            "SELECT c.id, c.number, c.line, c.department, c.attempts, c.hung_up_at, c.waited_ms "
                    + "FROM callbacks c WHERE c.state = 'queued' AND c.due_at <= ? AND c.line = ANY (?) "
                    + "AND (SELECT count(*) FROM callbacks b WHERE b.line = c.line AND b.state = 'dialing') < c.max_busy "
                    + "ORDER BY c.due_at, c.id LIMIT 1 FOR UPDATE OF c SKIP LOCKED";
    private static final String TAKE =
            "UPDATE callbacks SET state = 'dialing', attempts = attempts + 1, claimed_by = ?, "
                    + "lease_until = ?, seller = NULL, seller_answered_at = NULL WHERE id = ?";
    private static final String SELLER_ANSWERED = "UPDATE callbacks SET seller = ?, seller_answered_at = ?, "
            + "lease_until = ? WHERE id = ? AND attempts = ? AND state = 'dialing'";
    /**
     * One statement: whether the attempt still holds the job its seller answered, or whether the caller called in
     * since (a row in {@code calls} from the number with {@code t0} after the seller's answer, or the trigger's
     * {@code called_in} cancel of this attempt after that answer); the latter ends the job {@code caller_called_in}.
     */
    private static final String CONFIRM = "WITH job AS ("
            + "SELECT c.id, c.state, c.end_reason, c.ended_at, c.seller_answered_at, EXISTS (SELECT 1 FROM calls k "
            + "WHERE k.caller_number = c.number AND k.t0 >= c.seller_answered_at) AS called_in "
            + "FROM callbacks c WHERE c.id = ? AND c.attempts = ? AND c.seller_answered_at IS NOT NULL FOR UPDATE), "
            + "ended AS (UPDATE callbacks c SET state = 'cancelled', end_reason = 'caller_called_in', "
            + "ended_at = CASE WHEN j.state = 'cancelled' THEN j.ended_at ELSE ?::timestamptz END, lease_until = NULL "
            + "FROM job j WHERE c.id = j.id AND ((j.state = 'dialing' AND j.called_in) OR (j.state = 'cancelled' "
            + "AND j.end_reason = 'called_in' AND j.ended_at >= j.seller_answered_at)) RETURNING c.id), "
            + "noted AS (INSERT INTO callback_events (callback_id, at, type, server, detail) "
            + "SELECT id, ?, 'cancelled', ?, 'caller_called_in' FROM ended) "
            + "SELECT CASE WHEN EXISTS (SELECT 1 FROM ended) THEN 'CALLER_CALLED_IN' "
            + "WHEN EXISTS (SELECT 1 FROM job WHERE state = 'dialing') THEN 'HELD' ELSE 'NOT_HELD' END";

    private static final String CONNECTED = "UPDATE callbacks SET state = 'done', connected_at = ?, ended_at = ?, "
            + "end_reason = 'connected', lease_until = NULL, "
            + "time_to_callback_ms = floor(extract(epoch FROM (?::timestamptz - hung_up_at)) * 1000)::bigint "
            + "WHERE id = ? AND attempts = ? AND state = 'dialing'";
    private static final String FAIL_ATTEMPT = "UPDATE callbacks SET "
            + "state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END, "
            + "ended_at = CASE WHEN attempts >= max_attempts THEN ?::timestamptz END, "
            + "end_reason = CASE WHEN attempts >= max_attempts THEN 'attempts_exhausted' ELSE ? END, "
            + "due_at = ?::timestamptz + make_interval(secs => retry_after_ms * power(2, greatest(attempts - 1, 0)) / 1000.0), "
            + "lease_until = NULL, claimed_by = NULL "
            + "WHERE id = ? AND attempts = ? AND state = 'dialing' RETURNING state";
    private static final String EXPIRED =
            "SELECT id, attempts FROM callbacks WHERE state = 'dialing' AND lease_until < ? FOR UPDATE SKIP LOCKED";
    private static final String EVENT =
            "INSERT INTO callback_events (callback_id, at, type, server, detail) VALUES (?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final String server;
    private final ThreadPoolExecutor writes;
    private final java.util.concurrent.atomic.AtomicLong lost = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean stopping;

    /** @param server this server's name in {@code claimed_by} and the events */
    public PostgresCallbackJobs(DataSource dataSource, String server) {
        this.dataSource = dataSource;
        this.server = server;
        this.writes = new ThreadPoolExecutor(
                1,
                1,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(PENDING_WRITES),
                DaemonThreads.named("callpath-callback-queue"));
    }

    @Override
    public void queue(CallbackRequest request) {
        submit(() -> insert(request), "the " + request.origin() + " callback of call " + request.linkedId());
    }

    @Override
    public void cancel(String number, String reason, Instant at) {
        submit(() -> cancelOpen(number, reason, at), "cancel (" + reason + ")");
    }

    /** Waits until every queue and cancel handed in so far is written (tests; shutdown). */
    public void drain(Duration limit) {
        try {
            writes.submit(() -> {}).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("callbacks: queued writes not drained within {}: {}", limit, e.toString());
        }
    }

    /** Queues at once on the calling thread; the job's id, or empty when the number has an open job or is not to be called. */
    public Optional<Long> queueNow(CallbackRequest request) {
        try {
            return insert(request);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "callbacks: could not queue " + request.linkedId() + ": " + e.getMessage(), e);
        }
    }

    private Optional<Long> insert(CallbackRequest request) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, request.number());
            insert.setString(2, request.line());
            insert.setString(3, request.department());
            insert.setString(4, request.linkedId());
            insert.setString(5, request.origin());
            insert.setTimestamp(6, Timestamp.from(request.hungUpAt()));
            insert.setLong(7, request.waited().toMillis());
            insert.setTimestamp(8, Timestamp.from(request.hungUpAt()));
            insert.setTimestamp(9, Timestamp.from(request.dueAt()));
            insert.setInt(10, request.maxAttempts());
            insert.setLong(11, request.retryAfter().toMillis());
            insert.setInt(12, request.maxBusy());
            insert.setString(13, request.number());
            try (ResultSet rows = insert.executeQuery()) {
                if (!rows.next()) {
                    log.info(
                            "callback not queued (open job or do-not-call) line={} call={}",
                            request.line(),
                            request.linkedId());
                    return Optional.empty();
                }
                long id = rows.getLong(1);
                event(
                        connection,
                        id,
                        request.hungUpAt(),
                        "queued",
                        request.origin() + " after " + request.waited().toMillis() + " ms");
                log.info(
                        "callback queued job={} line={} call={} waitedMs={}",
                        id,
                        request.line(),
                        request.linkedId(),
                        request.waited().toMillis());
                return Optional.of(id);
            }
        }
    }

    /** Cancels at once on the calling thread; how many jobs were cancelled (0 or 1). */
    public int cancelNow(String number, String reason, Instant at) {
        try {
            return cancelOpen(number, reason, at);
        } catch (SQLException e) {
            throw new IllegalStateException("callbacks: could not cancel: " + e.getMessage(), e);
        }
    }

    private int cancelOpen(String number, String reason, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement cancel = connection.prepareStatement(CANCEL)) {
            cancel.setTimestamp(1, Timestamp.from(at));
            cancel.setString(2, reason);
            cancel.setString(3, number);
            int cancelled = 0;
            try (ResultSet rows = cancel.executeQuery()) {
                while (rows.next()) {
                    event(connection, rows.getLong(1), at, "cancelled", reason);
                    cancelled++;
                }
            }
            return cancelled;
        }
    }

    @Override
    public Optional<CallbackJob> claim(Set<String> lines, String claimant, Instant now, Duration lease) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            return Transactions.inTransaction(connection, () -> {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, CLAIM_LOCK);
                    lock.execute();
                }
                try (PreparedStatement doNotCall = connection.prepareStatement(CANCEL_DO_NOT_CALL)) {
                    doNotCall.setTimestamp(1, Timestamp.from(now));
                    try (ResultSet rows = doNotCall.executeQuery()) {
                        while (rows.next()) {
                            event(connection, rows.getLong(1), now, "cancelled", "do_not_call");
                        }
                    }
                }
                Optional<CallbackJob> job = Optional.empty();
                try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                    claim.setTimestamp(1, Timestamp.from(now));
                    claim.setArray(2, connection.createArrayOf("text", lines.toArray()));
                    try (ResultSet rows = claim.executeQuery()) {
                        if (rows.next()) {
                            job = Optional.of(new CallbackJob(
                                    rows.getLong(1),
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getString(4),
                                    rows.getInt(5) + 1,
                                    rows.getTimestamp(6).toInstant(),
                                    rows.getLong(7)));
                        }
                    }
                }
                if (job.isPresent()) {
                    try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                        take.setString(1, claimant);
                        take.setTimestamp(2, Timestamp.from(now.plus(lease)));
                        take.setLong(3, job.get().id());
                        take.executeUpdate();
                    }
                    event(
                            connection,
                            job.get().id(),
                            now,
                            "claimed",
                            "attempt " + job.get().attempt(),
                            claimant);
                }
                return job;
            });
        } catch (SQLException e) {
            log.warn("callbacks: could not claim a job (database: {}); retrying at the next poll", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public CompletableFuture<Boolean> sellerAnswered(
            CallbackAttempt attempt, String seller, Instant at, Instant leaseUntil) {
        CompletableFuture<Boolean> held = new CompletableFuture<>();
        submit(
                () -> held.complete(sellerAnsweredNow(attempt, seller, at, leaseUntil)),
                "seller_answered of job " + attempt,
                () -> held.completeExceptionally(
                        new IllegalStateException("seller_answered of job " + attempt + " not written")));
        return held;
    }

    @Override
    public CompletableFuture<Confirmation> confirm(CallbackAttempt attempt, Instant at) {
        CompletableFuture<Confirmation> confirmation = new CompletableFuture<>();
        submit(
                () -> confirmation.complete(confirmNow(attempt, at)),
                "confirm of job " + attempt,
                () -> confirmation.completeExceptionally(
                        new IllegalStateException("confirm of job " + attempt + " not read")));
        return confirmation;
    }

    @Override
    public void connected(CallbackAttempt attempt, Instant at) {
        submit(() -> connectedNow(attempt, at), "connected of job " + attempt + " at " + at);
    }

    @Override
    public void attemptFailed(CallbackAttempt attempt, String reason, Instant at) {
        submit(() -> attemptFailedNow(attempt, reason, at), "failed attempt (" + reason + ") of job " + attempt);
    }

    /** {@link #sellerAnswered} on the calling thread; whether {@code attempt} still held the job. */
    public boolean sellerAnsweredNow(CallbackAttempt attempt, String seller, Instant at, Instant leaseUntil)
            throws SQLException {
        return update(attempt, at, "seller_answered", seller, SELLER_ANSWERED, statement -> {
            statement.setString(1, seller);
            statement.setTimestamp(2, Timestamp.from(at));
            statement.setTimestamp(3, Timestamp.from(leaseUntil));
            statement.setLong(4, attempt.jobId());
            statement.setInt(5, attempt.attempt());
        });
    }

    /** {@link #confirm} on the calling thread. */
    public Confirmation confirmNow(CallbackAttempt attempt, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement confirm = connection.prepareStatement(CONFIRM)) {
            confirm.setLong(1, attempt.jobId());
            confirm.setInt(2, attempt.attempt());
            confirm.setTimestamp(3, Timestamp.from(at));
            confirm.setTimestamp(4, Timestamp.from(at));
            confirm.setString(5, server);
            try (ResultSet row = confirm.executeQuery()) {
                row.next();
                return Confirmation.valueOf(row.getString(1));
            }
        }
    }

    /** {@link #connected} on the calling thread; whether {@code attempt} still held the job. */
    public boolean connectedNow(CallbackAttempt attempt, Instant at) throws SQLException {
        return update(attempt, at, "connected", "", CONNECTED, statement -> {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setTimestamp(2, Timestamp.from(at));
            statement.setTimestamp(3, Timestamp.from(at));
            statement.setLong(4, attempt.jobId());
            statement.setInt(5, attempt.attempt());
        });
    }

    /** {@link #attemptFailed} on the calling thread; whether {@code attempt} still held the job. */
    public boolean attemptFailedNow(CallbackAttempt attempt, String reason, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean held = failAttempt(connection, attempt, reason, at);
            if (!held) {
                ignored(attempt, "failed attempt (" + reason + ")");
            }
            return held;
        }
    }

    @Override
    public int expireLeases(Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            return Transactions.inTransaction(connection, () -> {
                int expired = 0;
                try (PreparedStatement select = connection.prepareStatement(EXPIRED)) {
                    select.setTimestamp(1, Timestamp.from(now));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            failAttempt(
                                    connection,
                                    new CallbackAttempt(rows.getLong(1), rows.getInt(2)),
                                    "lease_expired",
                                    now);
                            expired++;
                        }
                    }
                }
                return expired;
            });
        } catch (SQLException e) {
            log.warn("callbacks: could not expire leases ({})", e.getMessage());
            return 0;
        }
    }

    private boolean failAttempt(Connection connection, CallbackAttempt attempt, String reason, Instant at)
            throws SQLException {
        try (PreparedStatement fail = connection.prepareStatement(FAIL_ATTEMPT)) {
            fail.setTimestamp(1, Timestamp.from(at));
            fail.setString(2, reason);
            fail.setTimestamp(3, Timestamp.from(at));
            fail.setLong(4, attempt.jobId());
            fail.setInt(5, attempt.attempt());
            try (ResultSet rows = fail.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
                String state = rows.getString(1);
                event(connection, attempt.jobId(), at, state.equals("failed") ? "failed" : "retry", reason);
                return true;
            }
        }
    }

    /** A write of an attempt the job has moved past: said once, changed nothing. */
    private static void ignored(CallbackAttempt attempt, String what) {
        log.info(
                "callbacks: {} of job {} ignored: the job was retried, cancelled or ended before it arrived",
                what,
                attempt);
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private boolean update(CallbackAttempt attempt, Instant at, String type, String detail, String sql, Binder binder)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            if (statement.executeUpdate() == 0) {
                ignored(attempt, type);
                return false;
            }
            event(connection, attempt.jobId(), at, type, detail);
            return true;
        }
    }

    private void event(Connection connection, long jobId, Instant at, String type, String detail) throws SQLException {
        event(connection, jobId, at, type, detail, server);
    }

    private static void event(Connection connection, long jobId, Instant at, String type, String detail, String server)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(EVENT)) {
            insert.setLong(1, jobId);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, type);
            insert.setString(4, server);
            insert.setString(5, detail);
            insert.executeUpdate();
        }
    }

    /** A write that may fail because the database cannot take it now. */
    private interface Write {
        void run() throws SQLException;
    }

    private void submit(Write write, String what) {
        submit(write, what, () -> {});
    }

    /** Hands {@code write} to the writer thread; {@code whenNotWritten} runs if it is lost or refused. */
    private void submit(Write write, String what, Runnable whenNotWritten) {
        try {
            writes.execute(() -> {
                if (!writeUntilDone(write, what)) {
                    whenNotWritten.run();
                }
            });
        } catch (RejectedExecutionException full) {
            whenNotWritten.run();
            long count = lost.incrementAndGet();
            log.warn(
                    "callbacks: {} lost: {} writes already wait for the database ({} lost so far); the database has "
                            + "been unreachable for long: check it",
                    what,
                    PENDING_WRITES,
                    count);
        }
    }

    /**
     * Runs {@code write}, retrying while the database is unreachable; later writes wait behind it, so order holds.
     * Whether it was written.
     */
    private boolean writeUntilDone(Write write, String what) {
        long backOffMillis = FIRST_RETRY_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                if (attempt > 1) {
                    log.info("callbacks: {} written after {} attempts", what, attempt);
                }
                return true;
            } catch (SQLException e) {
                if (!unreachable(e)) {
                    log.error("callbacks: {} refused by the database: {}", what, e.getMessage());
                    return false;
                }
                if (stopping) {
                    log.error(
                            "callbacks: {} not written: the server stops and the database is unreachable ({})",
                            what,
                            e.getMessage());
                    return false;
                }
                if (attempt == 1) {
                    log.warn("callbacks: {} waits for the database ({}); retrying", what, e.getMessage());
                }
                try {
                    Thread.sleep(backOffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    log.error("callbacks: {} not written: interrupted while the database was unreachable", what);
                    return false;
                }
                backOffMillis = Math.min(backOffMillis * 2, LAST_RETRY_MILLIS);
            }
        }
    }

    /** Connection trouble (SQLSTATE 08, 53, 57P, a pool timeout): the write may succeed later. */
    static boolean unreachable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof java.sql.SQLTransientException
                || e instanceof java.sql.SQLRecoverableException
                || state.startsWith("08")
                || state.startsWith("53")
                || state.startsWith("57P");
    }

    /** Writes lost to a full queue since the start. */
    public long lostWrites() {
        return lost.get();
    }

    @Override
    public void close() {
        writes.shutdown();
        DaemonThreads.awaitTermination(writes, Duration.ofSeconds(CLOSE_WAIT_SECONDS));
        if (!writes.isTerminated()) {
            // the database is still unreachable: the writes left give up now, each saying what it was
            stopping = true;
            DaemonThreads.awaitTermination(writes, Duration.ofSeconds(CLOSE_WAIT_SECONDS));
        }
    }
}
