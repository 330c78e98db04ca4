package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wallboard's callbacks query ({@link CallbacksToday}) after a month of callbacks: 20,000 ended jobs, one every
 * 129.6 s over the 30 days up to now, and 7 open ones whose callers hung up 40 days ago. It reads today's ended jobs
 * through V13's callbacks_ended_at and the open ones through V9's partial index, never the whole table, and counts
 * the same rows a scan would.
 */
class CallbacksTodayPlanTest {

    private static final Instant NOW = Instant.parse("2026-03-30T15:00:00Z");
    private static final Instant DAY_START = Instant.parse("2026-03-30T00:00:00Z");
    private static final int ENDED = 20_000;
    private static final long SPACING_MILLIS = Duration.ofDays(30).toMillis() / ENDED;

    private static final String FILL = """
            INSERT INTO callbacks (number, line, department, linked_id, origin, state, hung_up_at, waited_ms, created_at,
                                   due_at, attempts, max_attempts, retry_after_ms, max_busy, time_to_callback_ms,
                                   ended_at, end_reason)
            SELECT '+1555' || lpad(i::text, 6, '0'),
                   CASE WHEN i % 2 = 0 THEN 'main' ELSE 'overflow' END,
                   'sales', 'call-' || i, 'abandoned',
                   CASE WHEN i % 10 < 6 THEN 'done' WHEN i % 10 < 8 THEN 'failed' ELSE 'cancelled' END,
                   e - interval '2 minutes', 32000, e - interval '2 minutes', e - interval '90 seconds',
                   1, 3, 120000, 2,
                   CASE WHEN i % 10 < 6 THEN 60000 + (i % 100) * 1000 END,
                   e,
                   CASE WHEN i % 10 < 6 THEN 'connected' WHEN i % 10 < 8 THEN 'attempts_exhausted' ELSE 'called_in' END
            FROM generate_series(1, ?) AS i,
                 LATERAL (SELECT ?::timestamptz - (? - i) * make_interval(secs => ? / 1000.0) AS e) AS t
            """;
    private static final String OPEN = """
            INSERT INTO callbacks (number, line, department, linked_id, origin, state, hung_up_at, waited_ms, created_at,
                                   due_at, attempts, max_attempts, retry_after_ms, max_busy)
            SELECT '+1666' || i, CASE WHEN i <= 5 THEN 'main' ELSE 'overflow' END, 'sales', 'open-' || i, 'abandoned',
                   CASE WHEN i <= 5 THEN 'queued' ELSE 'dialing' END, ?, 32000, ?, ?, 0, 3, 120000, 2
            FROM generate_series(1, 7) AS i
            """;

    @BeforeEach
    void aMonthOfCallbacks() throws SQLException {
        Instant openSince = NOW.minus(Duration.ofDays(40));
        SharedPostgres.cleanCallbacks();
        try (Connection connection = SharedPostgres.dataSource().getConnection()) {
            try (PreparedStatement fill = connection.prepareStatement(FILL)) {
                fill.setInt(1, ENDED);
                fill.setTimestamp(2, Timestamp.from(NOW));
                fill.setInt(3, ENDED);
                fill.setLong(4, SPACING_MILLIS);
                assertThat(fill.executeUpdate()).isEqualTo(ENDED);
            }
            try (PreparedStatement open = connection.prepareStatement(OPEN)) {
                open.setTimestamp(1, Timestamp.from(openSince));
                open.setTimestamp(2, Timestamp.from(openSince));
                open.setTimestamp(3, Timestamp.from(openSince.plusSeconds(30)));
                open.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE callbacks");
            }
        }
    }

    @AfterEach
    void emptyTables() {
        SharedPostgres.cleanCallbacks();
    }

    @Test
    void todaysCallbacksAreReadThroughTheEndedAtIndexWithoutScanningTheTable() throws Exception {
        JsonNode plan = plan();

        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        assertThat(nodes)
                .as("no node scans callbacks whole: %s", plan)
                .noneMatch(node -> node.path("Node Type").asText().equals("Seq Scan")
                        && node.path("Relation Name").asText().equals("callbacks"));
        assertThat(nodes)
                .extracting(node -> node.path("Index Name").asText())
                .contains("callbacks_ended_at", "callbacks_one_open_per_number");
    }

    @Test
    void theRowsAreTheOpenOnesAndThoseThatEndedSinceTheDaysStart() {
        assertThat(CallbacksToday.since(SharedPostgres.dataSource(), DAY_START, Duration.ofSeconds(10)))
                .containsExactlyElementsOf(expected());
    }

    private static JsonNode plan() throws SQLException, java.io.IOException {
        try (Connection connection = SharedPostgres.dataSource().getConnection();
                PreparedStatement explain =
                        connection.prepareStatement("EXPLAIN (FORMAT JSON) " + CallbacksToday.QUERY)) {
            for (int i = 1; i <= 4; i++) {
                explain.setTimestamp(i, Timestamp.from(DAY_START));
            }
            try (ResultSet row = explain.executeQuery()) {
                row.next();
                return new ObjectMapper().readTree(row.getString(1)).get(0).get("Plan");
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, into);
        }
    }

    /** What the fill put in, counted here: the open ones, and per line the done and failed ones ended today. */
    private static List<CallbacksToday.Row> expected() {
        Map<String, List<Long>> doneToday = new TreeMap<>();
        Map<String, Long> failedToday = new TreeMap<>();
        for (int i = 1; i <= ENDED; i++) {
            String line = i % 2 == 0 ? "main" : "overflow";
            Instant endedAt = NOW.minusMillis((long) (ENDED - i) * SPACING_MILLIS);
            doneToday.putIfAbsent(line, new ArrayList<>());
            failedToday.putIfAbsent(line, 0L);
            if (endedAt.isBefore(DAY_START)) {
                continue;
            }
            if (i % 10 < 6) {
                doneToday.get(line).add(60_000L + (i % 100) * 1_000L);
            } else if (i % 10 < 8) {
                failedToday.merge(line, 1L, Long::sum);
            }
        }
        List<Long> mainDone = doneToday.get("main").stream().sorted().toList();
        List<Long> overflowDone = doneToday.get("overflow").stream().sorted().toList();
        return List.of(
                new CallbacksToday.Row("main", 5, 0, mainDone.size(), failedToday.get("main"), nearestRank(mainDone)),
                new CallbacksToday.Row(
                        "overflow", 0, 2, overflowDone.size(), failedToday.get("overflow"), nearestRank(overflowDone)));
    }

    private static long nearestRank(List<Long> sorted) {
        return sorted.get((int) Math.ceil(sorted.size() * 0.5) - 1);
    }
}
