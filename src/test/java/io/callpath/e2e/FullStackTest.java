package io.callpath.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.events.InMemoryEventSink;
import io.callpath.events.SessionClock;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.SimSettings;
import io.callpath.sim.SimulatedTime;
import io.callpath.store.SharedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole assembly: {@code CallpathApp} with the real PostgreSQL (the store tests' shared embedded one), the
 * event writer and the Postgres repeat-caller history; calls placed by the FakeAsterisk on simulated time. The
 * {@code calls} rows are folded by the real CallTimeline inside the writer.
 */
class FullStackTest {

    private static final String PHASE_COLUMNS = "informer_ms, menu_ms, assistant_ringing_ms, assistant_talking_ms, "
            + "transfer_hold_ms, seller_ringing_ms, whisper_ms";

    @Test
    void callsLandInPostgresWithExactPhasesAndEventCounts() throws Exception {
        SharedPostgres.clean();
        SimulatedTime time = new SimulatedTime(CallpathRig.MONDAY_10_00);
        InMemoryEventSink seen = new InMemoryEventSink(100);
        try (RunningCallpath callpath = CallpathApp.builder(config())
                .alsoSendEventsTo(seen)
                .wallClock(time.clock())
                .sessionClock(() -> new SessionClock(time.clock(), time::nanoTime))
                .build()
                .start()) {
            FakeAsterisk fake = new FakeAsterisk(
                    "127.0.0.1",
                    callpath.port(),
                    CallpathRig.pbxWithTransferringAssistant().build(),
                    SimSettings.scaled(CallpathRig.TIME_SCALE),
                    time);

            CallRecord reached = fake.placeCall(CallerScript.calling("5551000")
                    .from("5550501", "Ann")
                    .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                    .build());
            CallRecord transferred = fake.placeCall(CallerScript.calling("5551000")
                    .from("5550502", "Ben")
                    .pressInPrompt("callpath/informer", Duration.ofMillis(4_500), '0')
                    .build());
            CallRecord abandoned = fake.placeCall(CallerScript.calling("5551000")
                    .from("5550503", "Cid")
                    .hangUpInPrompt("callpath/informer", Duration.ofSeconds(3))
                    .build());
            CallRecord failed = fake.placeCall(
                    CallerScript.calling("5559999").from("5550504", "Dee").build());
            List<String> firstCalls =
                    List.of(reached.linkedId(), transferred.linkedId(), abandoned.linkedId(), failed.linkedId());
            awaitOutcomes(callpath, firstCalls);

            // the same caller an hour later: Postgres remembers 101 and the promo is skipped
            time.advance(Duration.ofHours(1));
            CallRecord repeat = fake.placeCall(
                    CallerScript.calling("5551000").from("5550501", "Ann").build());
            awaitOutcomes(callpath, List.of(repeat.linkedId()));

            Map<String, Row> rows = rows(
                    callpath,
                    List.of(
                            reached.linkedId(),
                            transferred.linkedId(),
                            abandoned.linkedId(),
                            failed.linkedId(),
                            repeat.linkedId()));
            assertThat(rows.get(reached.linkedId()))
                    .isEqualTo(new Row(
                            "sales",
                            "reached_seller",
                            19_000L,
                            List.of(10_000L, 3_000L, 0L, 0L, 0L, 4_000L, 2_000L),
                            19_000L,
                            0,
                            null,
                            false));
            assertThat(rows.get(transferred.linkedId()))
                    .isEqualTo(new Row(
                            "assistant",
                            "reached_seller",
                            35_000L,
                            List.of(5_000L, 0L, 3_000L, 20_000L, 1_000L, 4_000L, 2_000L),
                            35_000L,
                            1,
                            null,
                            false));
            assertThat(rows.get(abandoned.linkedId()))
                    .isEqualTo(new Row(
                            null,
                            "abandoned",
                            null,
                            List.of(3_500L, 0L, 0L, 0L, 0L, 0L, 0L),
                            3_500L,
                            0,
                            "informer",
                            false));
            assertThat(rows.get(failed.linkedId()).outcome()).isEqualTo("failed");
            assertThat(rows.get(repeat.linkedId()))
                    .isEqualTo(new Row(
                            "sales",
                            "reached_seller",
                            6_500L,
                            List.of(0L, 0L, 0L, 0L, 0L, 4_500L, 2_000L),
                            6_500L,
                            0,
                            null,
                            true));
            for (Row row : rows.values()) {
                if (row.timeToSellerMillis() != null) {
                    assertThat(row.phases().stream().mapToLong(Long::longValue).sum())
                            .isEqualTo(row.timeToSellerMillis());
                }
            }
            for (String linkedId : rows.keySet()) {
                assertThat(eventCount(callpath, linkedId))
                        .as("call_events of %s", linkedId)
                        .isEqualTo(seen.events(linkedId).size())
                        .isPositive();
            }
        }
    }

    /** A calls row: route, outcome, time to seller, the seven phase columns in schema order, waited_ms, ... */
    record Row(
            String route,
            String outcome,
            Long timeToSellerMillis,
            List<Long> phases,
            long waitedMillis,
            int transfers,
            String abandonPhase,
            boolean repeatCaller) {}

    private static CallpathConfig config() throws Exception {
        return CallpathRig.defaultConfigOnDatabase(
                SharedPostgres.database().jdbcUrl(),
                Files.createTempDirectory("callpath-e2e-spool"),
                Duration.ofSeconds(2));
    }

    /** The writer is asynchronous: wait until every call's row has its outcome (and its hang-up is in). */
    private static void awaitOutcomes(RunningCallpath callpath, List<String> linkedIds) throws SQLException {
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    Map<String, Row> rows = rows(callpath, linkedIds);
                    boolean done = rows.size() == linkedIds.size()
                            && rows.values().stream().allMatch(row -> row.outcome() != null)
                            && linkedIds.stream().allMatch(id -> hasEnded(callpath, id));
                    assertThat(done)
                            .as("every call's row has its outcome and hang-up: %s", rows)
                            .isTrue();
                });
    }

    private static boolean hasEnded(RunningCallpath callpath, String linkedId) {
        try (Connection connection = callpath.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM call_events WHERE linked_id = ? AND type = 'CALL_ENDED'")) {
            select.setString(1, linkedId);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Row> rows(RunningCallpath callpath, List<String> linkedIds) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Connection connection = callpath.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT linked_id, route, outcome, time_to_seller_ms, " + PHASE_COLUMNS
                                + ", waited_ms, transfers, abandon_phase, repeat_caller FROM calls WHERE linked_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", linkedIds.toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    long tts = result.getLong(4);
                    Long timeToSeller = result.wasNull() ? null : tts;
                    List<Long> phases = List.of(
                            result.getLong(5),
                            result.getLong(6),
                            result.getLong(7),
                            result.getLong(8),
                            result.getLong(9),
                            result.getLong(10),
                            result.getLong(11));
                    rows.put(
                            result.getString(1),
                            new Row(
                                    result.getString(2),
                                    result.getString(3),
                                    timeToSeller,
                                    phases,
                                    result.getLong(12),
                                    result.getInt(13),
                                    result.getString(14),
                                    result.getBoolean(15)));
                }
            }
        }
        return rows;
    }

    private static long eventCount(RunningCallpath callpath, String linkedId) throws SQLException {
        try (Connection connection = callpath.database().dataSource().getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT count(*) FROM call_events WHERE linked_id = ?")) {
            select.setString(1, linkedId);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
