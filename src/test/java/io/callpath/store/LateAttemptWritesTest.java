package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.flow.CallbackAttempt;
import io.callpath.flow.CallbackJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database and a callback attempt whose writes arrive after its lease ran out and the job was
 * retried: the late writes change nothing, and only the attempt holding the job may dial the caller.
 */
class LateAttemptWritesTest {

    private static final Instant CLAIMED = Instant.parse("2026-03-02T12:00:30Z");
    private static final Duration LEASE = Duration.ofSeconds(23);
    /** Past the first attempt's lease and the 2 min back-off of PostgresCallbackJobsTest.request. */
    private static final Instant RETRY_DUE = CLAIMED.plus(LEASE).plusSeconds(1).plus(Duration.ofMinutes(2));

    private final PostgresCallbackJobs serverA = new PostgresCallbackJobs(SharedPostgres.dataSource(), "server-a");
    private final PostgresCallbackJobs serverB = new PostgresCallbackJobs(SharedPostgres.dataSource(), "server-b");

    @BeforeEach
    void emptyTables() {
        SharedPostgres.cleanCallbacks();
    }

    @AfterEach
    void stop() {
        serverA.close();
        serverB.close();
    }

    @Test
    void writesOfAnAttemptArrivingAfterTheJobWasRetriedChangeNothingAndTellItsScriptNotToDial() throws Exception {
        serverA.queueNow(PostgresCallbackJobsTest.request("+15550301", "call-1", 3, 2));
        CallbackAttempt first = serverA.claim(Set.of("main"), "server-a", CLAIMED, LEASE)
                .orElseThrow()
                .thisAttempt();
        // server A's seller-answered write is held up (a slow database) past the lease: server B retries the job
        assertThat(serverB.expireLeases(CLAIMED.plus(LEASE).plusSeconds(1))).isEqualTo(1);
        CallbackAttempt second = serverB.claim(Set.of("main"), "server-b", RETRY_DUE, LEASE)
                .orElseThrow()
                .thisAttempt();
        assertThat(second.attempt()).isEqualTo(2);

        Instant late = RETRY_DUE.plusSeconds(2);
        assertThat(serverA.sellerAnsweredNow(first, "PJSIP/101", late, late.plus(Duration.ofHours(4))))
                .isFalse();
        assertThat(serverA.attemptFailedNow(first, "caller_noanswer", late.plusSeconds(1)))
                .isFalse();
        assertThat(serverA.connectedNow(first, late.plusSeconds(2))).isFalse();
        // the job is still attempt 2's: not requeued (a third attempt could ring the caller again), no seller written
        assertThat(Sql.rows("SELECT state, attempts, seller, claimed_by, lease_until FROM callbacks")
                        .get(0))
                .containsEntry("state", "dialing")
                .containsEntry("attempts", 2)
                .containsEntry("seller", null)
                .containsEntry("claimed_by", "server-b")
                .containsEntry("lease_until", java.sql.Timestamp.from(RETRY_DUE.plus(LEASE)));
        assertThat(serverB.claim(Set.of("main"), "server-b", late.plus(Duration.ofDays(1)), LEASE))
                .isEmpty();

        assertThat(serverB.sellerAnsweredNow(second, "PJSIP/102", late, late.plus(Duration.ofHours(4))))
                .isTrue();
        assertThat(serverB.connectedNow(second, late.plusSeconds(9))).isTrue();
        assertThat(Sql.rows("SELECT state, seller FROM callbacks").get(0))
                .containsEntry("state", "done")
                .containsEntry("seller", "PJSIP/102");
        assertThat(Sql.rows("SELECT type, server FROM callback_events ORDER BY id"))
                .extracting(row -> row.get("type") + " " + row.get("server"))
                .containsExactly(
                        "queued server-a",
                        "claimed server-a",
                        "retry server-b",
                        "claimed server-b",
                        "seller_answered server-b",
                        "connected server-b");
    }

    @Test
    void aSellerAnsweredWriteRacingTheRetryEitherKeepsTheJobOrLosesItNeverBoth() throws Exception {
        int numbers = 40;
        List<CallbackAttempt> firstAttempts = new ArrayList<>();
        for (int i = 0; i < numbers; i++) {
            serverA.queueNow(PostgresCallbackJobsTest.request("+1555031" + i, "call-" + i, 3, 1_000));
        }
        // job i's lease runs out i seconds after job 0's, so server B's expiry goes through them one by one
        for (int i = 0; i < numbers; i++) {
            firstAttempts.add(serverA.claim(Set.of("main"), "server-a", CLAIMED, LEASE.plusSeconds(i))
                    .orElseThrow()
                    .thisAttempt());
        }

        // server A's seller-answered writes, in the same order, race server B's expiry and re-claim, job by job
        Map<Long, Boolean> heldByFirst = new ConcurrentHashMap<>();
        Map<Long, Integer> claimedByB = new ConcurrentHashMap<>();
        AtomicBoolean writesDone = new AtomicBoolean();
        CyclicBarrier together = new CyclicBarrier(2);
        Instant late = CLAIMED.plus(LEASE).plusSeconds(numbers);
        Instant farLater = RETRY_DUE.plus(Duration.ofHours(1));
        ExecutorService servers = Executors.newFixedThreadPool(2);
        try {
            Future<?> writes = servers.submit(() -> {
                together.await();
                for (CallbackAttempt attempt : firstAttempts) {
                    heldByFirst.put(
                            attempt.jobId(),
                            serverA.sellerAnsweredNow(attempt, "PJSIP/101", late, late.plus(Duration.ofHours(4))));
                }
                writesDone.set(true);
                return null;
            });
            Future<?> retries = servers.submit(() -> {
                together.await();
                boolean lastRound = false;
                for (int second = 1; !lastRound; second++) {
                    lastRound = writesDone.get() && second > numbers;
                    serverB.expireLeases(CLAIMED.plus(LEASE).plusSeconds(Math.min(second, numbers)));
                    Optional<CallbackJob> retried;
                    while ((retried = serverB.claim(Set.of("main"), "server-b", farLater, LEASE)).isPresent()) {
                        claimedByB.put(retried.get().id(), retried.get().attempt());
                    }
                }
                return null;
            });
            writes.get();
            retries.get();
        } finally {
            servers.shutdown();
        }

        for (CallbackAttempt attempt : firstAttempts) {
            boolean firstMayDial = heldByFirst.get(attempt.jobId());
            boolean retried = claimedByB.containsKey(attempt.jobId());
            assertThat(firstMayDial ^ retried)
                    .as("job %d: attempt 1 may dial %s, retried %s", attempt.jobId(), firstMayDial, retried)
                    .isTrue();
        }
        System.out.println("race: attempt 1 kept "
                + heldByFirst.values().stream().filter(held -> held).count() + " of " + numbers
                + " jobs, the retry took " + claimedByB.size());
        assertThat(Sql.count("SELECT count(*) FROM callbacks WHERE state = 'dialing'"))
                .isEqualTo(numbers);
    }
}
