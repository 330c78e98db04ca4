package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.flow.CallbackJob;
import io.callpath.flow.CallbackRequest;
import io.callpath.report.CallbacksReport;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callbacks of a range per line, as `callpath report` prints them, from jobs the real queue wrote. */
class CallbackCountsTest {

    private static final Instant HUNG_UP = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final PostgresCallbackJobs jobs = new PostgresCallbackJobs(SharedPostgres.dataSource(), "server-a");

    @BeforeEach
    void emptyTables() {
        SharedPostgres.cleanCallbacks();
    }

    private static CallbackRequest request(String number, String origin, int secondsAfter) {
        Instant hungUp = HUNG_UP.plusSeconds(secondsAfter);
        return new CallbackRequest(
                number,
                "main",
                "sales",
                "call-" + number,
                origin,
                hungUp,
                Duration.ofSeconds(32),
                hungUp,
                1,
                Duration.ofMinutes(2),
                100);
    }

    /** Claims the job of {@code number} and ends its attempt: talking {@code talkAfterSeconds} after the hang-up, or failed. */
    private void attempt(String number, Integer talkAfterSeconds) throws SQLException {
        CallbackJob job = jobs.claim(Set.of("main"), "server-a", HUNG_UP.plusSeconds(600), LEASE)
                .orElseThrow();
        assertThat(job.number()).isEqualTo(number);
        if (talkAfterSeconds == null) {
            jobs.attemptFailedNow(job.thisAttempt(), "seller_declined", HUNG_UP.plusSeconds(601));
        } else {
            jobs.connectedNow(job.thisAttempt(), job.hungUpAt().plusSeconds(talkAfterSeconds));
        }
    }

    @Test
    void theReportCountsQueuedOfferedDoneFailedAndTimeToCallbackPerLine() throws SQLException {
        jobs.queueNow(request("+15550001", "abandoned", 0));
        jobs.queueNow(request("+15550002", "offered", 1));
        jobs.queueNow(request("+15550003", "abandoned", 2));
        jobs.queueNow(request("+15550004", "abandoned", 3));
        jobs.queueNow(request("+15550005", "offered", 4));
        jobs.queueNow(request("+15550006", "abandoned", 5));
        attempt("+15550001", 40);
        attempt("+15550002", 50);
        attempt("+15550003", 70);
        attempt("+15550004", null);
        jobs.cancelNow("+15550005", "called_in", HUNG_UP.plusSeconds(20));
        // +15550006 stays queued; a job from before the range is not counted
        jobs.queueNow(request("+15550007", "abandoned", -3_600));

        List<CallbackCounts.Row> rows =
                CallbackCounts.between(SharedPostgres.dataSource(), HUNG_UP, HUNG_UP.plusSeconds(3_600));

        assertThat(rows).containsExactly(new CallbackCounts.Row("main", 6, 2, 3, 1, 1, 1, 50_000L, 70_000L));
        assertThat(CallbacksReport.render(rows))
                .contains(
                        "  line          queued  offered   done  failed  cancelled  open    ttc p50    ttc p90",
                        "  main               6        2      3       1          1     1     50.0 s     70.0 s",
                        "Leads recovered: 3 of 6 callbacks queued");
    }

    @Test
    void aRangeWithoutCallbacksSaysSo() {
        assertThat(CallbacksReport.render(
                        CallbackCounts.between(SharedPostgres.dataSource(), HUNG_UP, HUNG_UP.plusSeconds(60))))
                .endsWith("  none queued\n");
    }
}
