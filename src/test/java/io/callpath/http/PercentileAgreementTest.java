package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.report.TimeToSellerStats;
import io.callpath.store.CallQueries;
import io.callpath.store.CallStory;
import io.callpath.store.PostgresEventWriter;
import io.callpath.store.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One definition of a percentile (nearest rank): the SQL view (Grafana), {@code callpath report}'s numbers and the
 * wallboard give the same p50 and p90 for the same calls. Four calls reach a seller in 8, 9.5, 12 and 38 s: nearest
 * rank says p50 = 9.5 s and p90 = 38 s, where interpolation (V1's percentile_cont) said 10.75 s and 30.2 s.
 */
class PercentileAgreementTest {

    private static final Instant DAY = Instant.parse("2026-03-03T10:00:00Z");
    private static final Duration TARGET = Duration.ofSeconds(10);
    private static final Duration SHORT_ABANDON = Duration.ofSeconds(5);

    @Test
    void viewReportAndWallboardGiveTheSameNearestRankPercentiles(@TempDir Path spool) throws SQLException {
        SharedPostgres.clean();
        List<CallEvent> events = new ArrayList<>();
        long[] timesToSeller = {38_000, 8_000, 12_000, 9_500};
        for (int i = 0; i < timesToSeller.length; i++) {
            events.addAll(CallStory.call("P" + i, DAY.plusSeconds(60L * i), "+2000" + i)
                    .phase(Phase.MENU, 0)
                    .route("sales", 2_000)
                    .phase(Phase.SELLER_RINGING, 2_000)
                    .event(EventType.SELLER_CONNECTED, timesToSeller[i], Map.of("seller", "s" + i))
                    .events());
        }
        events.addAll(CallStory.call("P-abandon", DAY.plusSeconds(600), "+20009")
                .phase(Phase.MENU, 0)
                .event(EventType.CALLER_HUNG_UP, 20_000, Map.of())
                .events());
        write(events, spool);

        long[] view = viewPercentiles();
        List<CallSummary> rows = CallQueries.summaries(
                SharedPostgres.database().dataSource(), DAY.minusSeconds(36_000), DAY.plusSeconds(36_000));
        TimeToSellerStats report = TimeToSellerStats.of(rows, TARGET, SHORT_ABANDON);
        Map<String, Object> fromEvents = board(liveFrom(events));
        LiveCalls fromDatabase = new LiveCalls(ZoneOffset.UTC, DAY);
        fromDatabase.replaceDay(fromDatabase.day(), rows);
        Map<String, Object> fromRows = board(fromDatabase);

        assertThat(view).containsExactly(9_500, 38_000);
        assertThat(List.of(report.p50Millis(), report.p90Millis())).containsExactly(9_500L, 38_000L);
        assertThat(List.of(fromEvents.get("p50Ms"), fromEvents.get("p90Ms"))).containsExactly(9_500L, 38_000L);
        assertThat(fromRows).isEqualTo(fromEvents);
        assertThat(fromEvents.get("offered")).isEqualTo(5);
    }

    private static LiveCalls liveFrom(List<CallEvent> events) {
        LiveCalls calls = new LiveCalls(ZoneOffset.UTC, DAY);
        events.forEach(event -> calls.accept(event, DAY));
        return calls;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> board(LiveCalls calls) {
        return (Map<String, Object>)
                BoardSnapshot.of(calls, DAY, TARGET, SHORT_ABANDON).get("today");
    }

    private static void write(List<CallEvent> events, Path spool) throws SQLException {
        try (PostgresEventWriter writer = SharedPostgres.startedWriter(spool)) {
            events.forEach(writer::accept);
            await("events written")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> count("SELECT count(*) FROM call_events") >= events.size());
        }
    }

    private static long[] viewPercentiles() throws SQLException {
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT p50_ms, p90_ms FROM v_time_to_seller_daily "
                                + "WHERE bucket = date_trunc('day', ?::timestamptz) AND route = 'sales'")) {
            select.setString(1, DAY.toString());
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).as("a daily row for sales").isTrue();
                long[] percentiles = {result.getLong(1), result.getLong(2)};
                assertThat(result.next()).as("one daily row for sales").isFalse();
                return percentiles;
            }
        }
    }

    private static long count(String query) throws SQLException {
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(query);
                ResultSet result = select.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
