package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.flow.CallbackAttempt;
import io.callpath.flow.CallbackJob;
import io.callpath.flow.CallbackRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresCallbackJobsTest {

    private static final Instant HUNG_UP = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final PostgresCallbackJobs jobs = new PostgresCallbackJobs(SharedPostgres.dataSource(), "server-a");

    @BeforeEach
    void emptyTables() {
        SharedPostgres.cleanCallbacks();
    }

    static CallbackRequest request(String number, String linkedId, int maxAttempts, int maxBusy) {
        return new CallbackRequest(
                number,
                "main",
                "sales",
                linkedId,
                "abandoned",
                HUNG_UP,
                Duration.ofSeconds(32),
                HUNG_UP.plusSeconds(30),
                maxAttempts,
                Duration.ofMinutes(2),
                maxBusy);
    }

    @Test
    void aNumberHasOneOpenJobAtATime() {
        assertThat(jobs.queueNow(request("+15550001", "call-1", 3, 2))).isPresent();
        assertThat(jobs.queueNow(request("+15550001", "call-2", 3, 2))).isEmpty();

        assertThat(Sql.count("SELECT count(*) FROM callbacks WHERE number = '+15550001'"))
                .isEqualTo(1);
    }

    @Test
    void aNumberOnTheDoNotCallListIsNeverQueuedAndAQueuedOneIsCancelledBeforeItIsCalled() throws SQLException {
        doNotCall("+15550002");
        assertThat(jobs.queueNow(request("+15550002", "call-1", 3, 2))).isEmpty();

        assertThat(jobs.queueNow(request("+15550003", "call-2", 3, 2))).isPresent();
        doNotCall("+15550003");
        assertThat(jobs.claim(Set.of("main"), "server-a", HUNG_UP.plusSeconds(31), LEASE))
                .isEmpty();
        assertThat(Sql.rows("SELECT state, end_reason FROM callbacks WHERE number = '+15550003'")
                        .get(0))
                .containsEntry("state", "cancelled")
                .containsEntry("end_reason", "do_not_call");
    }

    @Test
    void aJobIsNotClaimedBeforeItIsDueNorForALineThatMayNotDial() {
        jobs.queueNow(request("+15550004", "call-1", 3, 2));

        assertThat(jobs.claim(Set.of("main"), "server-a", HUNG_UP.plusSeconds(29), LEASE))
                .isEmpty();
        assertThat(jobs.claim(Set.of("other"), "server-a", HUNG_UP.plusSeconds(31), LEASE))
                .isEmpty();
        assertThat(jobs.claim(Set.of("main"), "server-a", HUNG_UP.plusSeconds(31), LEASE))
                .get()
                .extracting(CallbackJob::number, CallbackJob::attempt)
                .containsExactly("+15550004", 1);
    }

    @Test
    void aNewCallFromTheNumberCancelsItsJob() {
        jobs.queueNow(request("+15550005", "call-1", 3, 2));

        assertThat(jobs.cancelNow("+15550005", "called_in", HUNG_UP.plusSeconds(10)))
                .isEqualTo(1);

        assertThat(jobs.claim(Set.of("main"), "server-a", HUNG_UP.plusSeconds(31), LEASE))
                .isEmpty();
        assertThat(Sql.rows("SELECT type, detail FROM callback_events ORDER BY id"))
                .extracting(row -> row.get("type"))
                .containsExactly("queued", "cancelled");
    }

    @Test
    void neverMoreThanTheLinesMaximumOfJobsDialAtOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            jobs.queueNow(request("+1555010" + i, "call-" + i, 3, 2));
        }
        Instant due = HUNG_UP.plusSeconds(31);

        assertThat(jobs.claim(Set.of("main"), "server-a", due, LEASE)).isPresent();
        Optional<CallbackJob> second = jobs.claim(Set.of("main"), "server-a", due, LEASE);
        assertThat(second).isPresent();
        assertThat(jobs.claim(Set.of("main"), "server-a", due, LEASE)).isEmpty();

        jobs.connectedNow(second.get().thisAttempt(), due.plusSeconds(20));
        assertThat(jobs.claim(Set.of("main"), "server-a", due, LEASE)).isPresent();
    }

    @Test
    void aConnectedCallbackIsDoneWithItsTimeFromTheHangUp() throws Exception {
        jobs.queueNow(request("+15550006", "call-1", 3, 2));
        CallbackJob job = jobs.claim(Set.of("main"), "server-a", HUNG_UP.plusSeconds(30), LEASE)
                .orElseThrow();

        jobs.sellerAnsweredNow(job.thisAttempt(), "PJSIP/101", HUNG_UP.plusSeconds(36), HUNG_UP.plusSeconds(120));
        jobs.connectedNow(job.thisAttempt(), HUNG_UP.plusSeconds(44));

        assertThat(Sql.rows("SELECT state, seller, time_to_callback_ms FROM callbacks")
                        .get(0))
                .containsEntry("state", "done")
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("time_to_callback_ms", 44_000L);
        assertThat(Sql.rows("SELECT type FROM callback_events ORDER BY id"))
                .extracting(row -> row.get("type"))
                .containsExactly("queued", "claimed", "seller_answered", "connected");
        assertThat(Sql.rows("SELECT queued, done, leads_recovered, time_to_callback_p50_ms FROM v_callbacks_daily")
                        .get(0))
                .containsEntry("queued", 1L)
                .containsEntry("done", 1L)
                .containsEntry("leads_recovered", 1L)
                .containsEntry("time_to_callback_p50_ms", 44_000L);
    }

    @Test
    void failedAttemptsBackOffDoublingThenTheJobFailsAfterItsLastAttempt() throws Exception {
        jobs.queueNow(request("+15550007", "call-1", 3, 2));
        Instant now = HUNG_UP.plusSeconds(30);

        CallbackJob first = jobs.claim(Set.of("main"), "server-a", now, LEASE).orElseThrow();
        jobs.attemptFailedNow(first.thisAttempt(), "no_answer", now.plusSeconds(20));
        assertThat(jobs.claim(Set.of("main"), "server-a", now.plusSeconds(20 + 119), LEASE))
                .isEmpty();
        CallbackJob second = jobs.claim(Set.of("main"), "server-a", now.plusSeconds(20 + 120), LEASE)
                .orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);

        Instant afterSecond = now.plusSeconds(200);
        jobs.attemptFailedNow(second.thisAttempt(), "no_answer", afterSecond);
        assertThat(jobs.claim(Set.of("main"), "server-a", afterSecond.plusSeconds(239), LEASE))
                .isEmpty();
        CallbackJob third = jobs.claim(Set.of("main"), "server-a", afterSecond.plusSeconds(240), LEASE)
                .orElseThrow();
        jobs.attemptFailedNow(third.thisAttempt(), "no_answer", afterSecond.plusSeconds(300));

        assertThat(Sql.rows("SELECT state, attempts, end_reason FROM callbacks").get(0))
                .containsEntry("state", "failed")
                .containsEntry("attempts", 3)
                .containsEntry("end_reason", "attempts_exhausted");
        assertThat(jobs.claim(Set.of("main"), "server-a", afterSecond.plus(Duration.ofDays(1)), LEASE))
                .isEmpty();
    }

    @Test
    void anAttemptWhoseServerDiedIsRetriedWhenItsLeaseRunsOut() {
        jobs.queueNow(request("+15550008", "call-1", 3, 2));
        Instant now = HUNG_UP.plusSeconds(30);
        jobs.claim(Set.of("main"), "server-a", now, LEASE).orElseThrow();

        assertThat(jobs.expireLeases(now.plus(LEASE).minusSeconds(1))).isZero();
        assertThat(jobs.expireLeases(now.plus(LEASE).plusSeconds(1))).isEqualTo(1);

        assertThat(Sql.rows("SELECT state, end_reason FROM callbacks").get(0))
                .containsEntry("state", "queued")
                .containsEntry("end_reason", "lease_expired");
    }

    @Test
    void twoServersClaimingAtOnceNeverTakeTheSameJob() throws Exception {
        int numbers = 40;
        for (int i = 0; i < numbers; i++) {
            jobs.queueNow(request("+1555020" + i, "call-" + i, 3, 1_000));
        }
        PostgresCallbackJobs serverB = new PostgresCallbackJobs(SharedPostgres.dataSource(), "server-b");
        List<Long> taken = Collections.synchronizedList(new ArrayList<>());
        ExecutorService servers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (PostgresCallbackJobs server : List.of(jobs, serverB)) {
                runs.add(servers.submit(() -> {
                    Optional<CallbackJob> job;
                    while ((job = server.claim(Set.of("main"), "x", HUNG_UP.plusSeconds(31), LEASE)).isPresent()) {
                        taken.add(job.get().id());
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            servers.shutdown();
            serverB.close();
        }

        assertThat(taken).hasSize(numbers).doesNotHaveDuplicates();
    }

    @Test
    void theScriptsWritesWaitOutALostDatabaseInOrderAndAreAllWritten() throws Exception {
        jobs.queueNow(request("+15550009", "call-1", 3, 2)).orElseThrow();
        Instant now = HUNG_UP.plusSeconds(30);
        CallbackAttempt attempt =
                jobs.claim(Set.of("main"), "server-a", now, LEASE).orElseThrow().thisAttempt();
        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port())) {
            org.postgresql.ds.PGSimpleDataSource throughProxy = new org.postgresql.ds.PGSimpleDataSource();
            throughProxy.setURL("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
            throughProxy.setUser("postgres");
            PostgresCallbackJobs cutOff = new PostgresCallbackJobs(throughProxy, "server-a");
            proxy.cut();

            CompletableFuture<Boolean> held =
                    cutOff.sellerAnswered(attempt, "PJSIP/101", now.plusSeconds(6), now.plusSeconds(600));
            cutOff.connected(attempt, now.plusSeconds(14));
            assertThat(Sql.rows("SELECT state FROM callbacks").get(0)).containsEntry("state", "dialing");

            assertThat(held).isNotDone();

            proxy.restore();
            cutOff.drain(Duration.ofSeconds(30));
            cutOff.close();
            assertThat(held).isCompletedWithValue(true);
        }

        assertThat(Sql.rows("SELECT state, seller, time_to_callback_ms FROM callbacks")
                        .get(0))
                .containsEntry("state", "done")
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("time_to_callback_ms", 44_000L);
        assertThat(Sql.rows("SELECT type FROM callback_events ORDER BY id").stream()
                        .map(row -> row.get("type"))
                        .toList())
                .containsExactly("queued", "claimed", "seller_answered", "connected");
    }

    private static void doNotCall(String number) throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO do_not_call (number, note) VALUES ('" + number + "', 'test')");
        }
    }
}
