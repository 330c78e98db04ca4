package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.flow.CallbackJob;
import io.callpath.flow.CallbackJobs.Confirmation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PostgresCallbackJobs#confirm}: after the seller's accept key, whether the attempt may dial the caller (HELD),
 * no longer holds the job (NOT_HELD), or finds that the caller called in since the seller answered (CALLER_CALLED_IN,
 * the job ends {@code caller_called_in}), whether the trigger's cancel or only the caller's row in {@code calls} says so.
 */
@ExtendWith(CleanTables.class)
class PostgresCallbackJobsConfirmTest {

    private static final String NUMBER = "+15550401";
    private static final Instant CLAIMED = Instant.parse("2026-03-02T12:00:30Z");
    private static final Instant SELLER_ANSWERED = CLAIMED.plusSeconds(6);
    private static final Instant ACCEPTED = SELLER_ANSWERED.plusSeconds(8);

    private final PostgresCallbackJobs jobs = new PostgresCallbackJobs(SharedPostgres.dataSource(), "server-a");
    private CallbackJob job;

    @BeforeEach
    void aJobWhoseSellerAnswered() throws SQLException {
        SharedPostgres.cleanCallbacks();
        jobs.queueNow(PostgresCallbackJobsTest.request(NUMBER, "call-1", 3, 2));
        job = jobs.claim(Set.of("main"), "server-a", CLAIMED, Duration.ofSeconds(60))
                .orElseThrow();
        assertThat(jobs.sellerAnsweredNow(
                        job.thisAttempt(), "PJSIP/101", SELLER_ANSWERED, SELLER_ANSWERED.plus(Duration.ofHours(4))))
                .isTrue();
    }

    @Test
    void anAttemptWhoseCallerDidNotCallInHoldsTheJobAndChangesNothing() throws SQLException {
        callFrom(NUMBER, "earlier-call", SELLER_ANSWERED.minusSeconds(120));
        callFrom("+15550999", "someone-else", SELLER_ANSWERED.plusSeconds(2));

        assertThat(jobs.confirmNow(job.thisAttempt(), ACCEPTED)).isEqualTo(Confirmation.HELD);

        assertThat(Sql.rows("SELECT state, end_reason FROM callbacks").get(0))
                .containsEntry("state", "dialing")
                .containsEntry("end_reason", null);
        assertThat(Sql.count("SELECT count(*) FROM callback_events WHERE type = 'cancelled'"))
                .isZero();
    }

    @Test
    void anAttemptWhoseJobWasRetriedOrWhoseSellerAnswerWasNotWrittenDoesNotHoldIt() throws SQLException {
        jobs.expireLeases(SELLER_ANSWERED.plus(Duration.ofHours(5)));
        CallbackJob retried = jobs.claim(
                        Set.of("main"), "server-b", SELLER_ANSWERED.plus(Duration.ofHours(6)), Duration.ofSeconds(60))
                .orElseThrow();
        callFrom(NUMBER, "call-in", SELLER_ANSWERED.plusSeconds(2));

        assertThat(jobs.confirmNow(job.thisAttempt(), ACCEPTED)).isEqualTo(Confirmation.NOT_HELD);
        assertThat(jobs.confirmNow(retried.thisAttempt(), ACCEPTED)).isEqualTo(Confirmation.NOT_HELD);

        assertThat(Sql.rows("SELECT state, attempts FROM callbacks").get(0))
                .containsEntry("state", "dialing")
                .containsEntry("attempts", 2);
    }

    @Test
    void aCallFromTheNumberAfterTheSellerAnsweredEndsTheJobCallerCalledIn() throws SQLException {
        callFrom(NUMBER, "call-in", SELLER_ANSWERED.plusSeconds(3));

        assertThat(jobs.confirmNow(job.thisAttempt(), ACCEPTED)).isEqualTo(Confirmation.CALLER_CALLED_IN);

        assertThat(Sql.rows("SELECT state, end_reason, ended_at, lease_until FROM callbacks")
                        .get(0))
                .containsEntry("state", "cancelled")
                .containsEntry("end_reason", "caller_called_in")
                .containsEntry("ended_at", Timestamp.from(ACCEPTED))
                .containsEntry("lease_until", null);
        assertThat(Sql.rows("SELECT type, detail, server FROM callback_events ORDER BY id"))
                .extracting(row -> row.get("type") + " " + row.get("detail") + " " + row.get("server"))
                .endsWith("seller_answered PJSIP/101 server-a", "cancelled caller_called_in server-a");
        assertThat(jobs.connectedNow(job.thisAttempt(), ACCEPTED.plusSeconds(5)))
                .as("the attempt holds nothing more")
                .isFalse();
        assertThat(jobs.queueNow(PostgresCallbackJobsTest.request(NUMBER, "call-2", 3, 2)))
                .as("the number has no open job")
                .isPresent();
    }

    @Test
    void theTriggersCancelOfACallInAfterTheSellerAnsweredEndsTheJobCallerCalledInAtTheCallIn() throws SQLException {
        Instant callIn = SELLER_ANSWERED.plusSeconds(3);
        assertThat(jobs.cancelNow(NUMBER, "called_in", callIn)).isEqualTo(1);

        assertThat(jobs.confirmNow(job.thisAttempt(), ACCEPTED)).isEqualTo(Confirmation.CALLER_CALLED_IN);

        assertThat(Sql.rows("SELECT state, end_reason, ended_at FROM callbacks").get(0))
                .containsEntry("state", "cancelled")
                .containsEntry("end_reason", "caller_called_in")
                .containsEntry("ended_at", Timestamp.from(callIn));
        assertThat(Sql.rows("SELECT type, detail FROM callback_events ORDER BY id"))
                .extracting(row -> row.get("type") + " " + row.get("detail"))
                .endsWith("cancelled called_in", "cancelled caller_called_in");
    }

    @Test
    void aJobCancelledForAnotherReasonIsNotHeldAndKeepsItsReason() throws SQLException {
        jobs.cancelNow(NUMBER, "do_not_call", SELLER_ANSWERED.plusSeconds(3));

        assertThat(jobs.confirmNow(job.thisAttempt(), ACCEPTED)).isEqualTo(Confirmation.NOT_HELD);

        assertThat(Sql.rows("SELECT end_reason FROM callbacks").get(0)).containsEntry("end_reason", "do_not_call");
    }

    @Test
    void confirmOnTheWriterThreadAnswersAfterTheCancelHandedInBeforeIt() throws Exception {
        jobs.cancel(NUMBER, "called_in", SELLER_ANSWERED.plusSeconds(3));

        assertThat(jobs.confirm(job.thisAttempt(), ACCEPTED).get()).isEqualTo(Confirmation.CALLER_CALLED_IN);
    }

    /** A call of {@code number} as the event writer records it once it arrived. */
    private static void callFrom(String number, String linkedId, Instant t0) throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO calls (linked_id, line, caller_number, t0) VALUES (?, 'main', ?, ?)")) {
            insert.setString(1, linkedId);
            insert.setString(2, number);
            insert.setTimestamp(3, Timestamp.from(t0));
            insert.executeUpdate();
        }
    }
}
