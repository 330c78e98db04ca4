package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A known day of seven calls, written through the real writer; each view must say what those calls imply. */
class DashboardViewsTest {

    private static final Instant DAY = Instant.parse("2026-03-02T10:00:00Z");
    private static final String ON_DAY = "date_trunc('day', '2026-03-02T10:30:00Z'::timestamptz)";

    @BeforeAll
    static void writeKnownCalls(@TempDir Path spool) {
        SharedPostgres.clean();
        List<CallEvent> events = new ArrayList<>();
        // A: the handbook's call: promo, menu, seller rings, whisper; 38 s
        events.addAll(PostgresEventWriterTest.reachedSeller("A", DAY.plusSeconds(60), "+1001", "s1")
                .events());
        // B: straight to the menu, first seller misses, second takes it; 8 s, the promo playing while they ring (5 s)
        events.addAll(CallStory.call("B", DAY.plusSeconds(120), "+1002")
                .phase(Phase.MENU, 0)
                .route("sales", 3_000)
                .phase(Phase.SELLER_RINGING, 3_000)
                .event(EventType.PROMO_STARTED, 3_000, Map.of("musicClass", "callpath-main"))
                .event(EventType.PROMO_STOPPED, 5_000, Map.of("dialStatus", "NOANSWER"))
                .event(EventType.SELLER_MISSED, 5_000, Map.of("seller", "s1", "dialStatus", "NOANSWER"))
                .event(EventType.PROMO_STARTED, 5_000, Map.of("musicClass", "callpath-main"))
                .event(EventType.SELLER_CONNECTED, 8_000, Map.of("seller", "s2"))
                .events());
        // C: hangs up 3 s into the promo: a short abandon
        events.addAll(CallStory.call("C", DAY.plusSeconds(180), "+1003")
                .phase(Phase.INFORMER, 0)
                .event(EventType.CALLER_HUNG_UP, 3_000, Map.of())
                .events());
        // D: gives up while the assistant's phone rings, at 40 s
        events.addAll(CallStory.call("D", DAY.plusSeconds(240), "+1004")
                .phase(Phase.INFORMER, 0)
                .phase(Phase.MENU, 25_000)
                .route("assistant", 30_000)
                .phase(Phase.ASSISTANT_RINGING, 30_000)
                .event(EventType.CALLER_HUNG_UP, 40_000, Map.of())
                .events());
        // E: the assistant answers and transfers; s2 declines in the whisper, s1 takes it at 30 s
        events.addAll(CallStory.call("E", DAY.plusSeconds(300), "+1005")
                .phase(Phase.MENU, 0)
                .route("assistant", 5_000)
                .phase(Phase.ASSISTANT_RINGING, 5_000)
                .event(EventType.ASSISTANT_ANSWERED, 9_000, Map.of("assistant", "a1"))
                .phase(Phase.ASSISTANT_TALKING, 9_000)
                .event(EventType.TRANSFERRED, 20_000, Map.of("department", "sales"))
                .phase(Phase.TRANSFER_HOLD, 20_000)
                .phase(Phase.SELLER_RINGING, 25_000)
                .event(EventType.SELLER_DECLINED, 28_000, Map.of("seller", "s2"))
                .event(EventType.SELLER_CONNECTED, 30_000, Map.of("seller", "s1"))
                .events());
        // F: after hours
        events.addAll(CallStory.call("F", DAY.plusSeconds(360), "+1006")
                .phase(Phase.INFORMER, 0)
                .route("after_hours", 6_000)
                .event(EventType.NO_SELLER, 6_000, Map.of("reason", "after_hours"))
                .events());
        // G: waiting right now, in the menu for 30 s
        events.addAll(CallStory.call("G", Instant.now().minusSeconds(30), "+1007")
                .phase(Phase.INFORMER, 0)
                .phase(Phase.MENU, 20_000)
                .events());

        try (PostgresEventWriter writer = SharedPostgres.startedWriter(spool)) {
            events.forEach(writer::accept);
            await("all events written")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> Sql.count("SELECT count(*) FROM call_events") == events.size());
        }
    }

    @Test
    void dailyTimeToSellerCountsOfferedReachedAndPercentiles() {
        assertThat(Sql.rows("SELECT route, offered, reached, short_abandons, p50_ms, p90_ms, service_level "
                        + "FROM v_time_to_seller_daily WHERE bucket = " + ON_DAY + " ORDER BY route NULLS FIRST"))
                .containsExactly(
                        row(
                                "route",
                                null,
                                "offered",
                                1L,
                                "reached",
                                0L,
                                "short_abandons",
                                1L,
                                "p50_ms",
                                null,
                                "p90_ms",
                                null,
                                "service_level",
                                null),
                        row(
                                "route",
                                "after_hours",
                                "offered",
                                1L,
                                "reached",
                                0L,
                                "short_abandons",
                                0L,
                                "p50_ms",
                                null,
                                "p90_ms",
                                null,
                                "service_level",
                                new BigDecimal("0.0000")),
                        row(
                                "route",
                                "assistant",
                                "offered",
                                2L,
                                "reached",
                                1L,
                                "short_abandons",
                                0L,
                                "p50_ms",
                                30_000L,
                                "p90_ms",
                                30_000L,
                                "service_level",
                                new BigDecimal("0.0000")),
                        row(
                                "route",
                                "sales",
                                "offered",
                                2L,
                                "reached",
                                2L,
                                "short_abandons",
                                0L,
                                "p50_ms",
                                8_000L,
                                "p90_ms",
                                38_000L,
                                "service_level",
                                new BigDecimal("0.5000")));
    }

    @Test
    void hourlyBucketsHoldTheSameCallsAsTheDay() {
        assertThat(Sql.count("SELECT sum(offered) FROM v_time_to_seller_hourly WHERE bucket = "
                        + "date_trunc('hour', '2026-03-02T10:30:00Z'::timestamptz)"))
                .isEqualTo(6);
    }

    @Test
    void liveCallsAreNotOfferedYet() {
        assertThat(Sql.count("SELECT count(*) FROM v_calls_scored WHERE linked_id = 'G' AND NOT is_offered"))
                .isEqualTo(1);
    }

    @Test
    void serviceLevelFollowsTheSettingsTable() {
        try {
            SharedPostgres.database().updateServiceLevel(Duration.ofSeconds(40), Duration.ofSeconds(5));
            assertThat(Sql.rows("SELECT service_level FROM v_time_to_seller_daily WHERE bucket = " + ON_DAY
                            + " AND route = 'sales'"))
                    .containsExactly(row("service_level", new BigDecimal("1.0000")));
        } finally {
            SharedPostgres.database().updateServiceLevel(Duration.ofSeconds(10), Duration.ofSeconds(5));
        }
    }

    @Test
    void phaseBreakdownAveragesTheCallsThatReachedASeller() {
        assertThat(Sql.rows("SELECT route, calls, informer_ms, menu_ms, assistant_ringing_ms, assistant_talking_ms, "
                        + "transfer_hold_ms, seller_ringing_ms, whisper_ms, time_to_seller_ms FROM v_phase_breakdown "
                        + "WHERE day = " + ON_DAY + " ORDER BY route"))
                .containsExactly(
                        row(
                                "route",
                                "assistant",
                                "calls",
                                1L,
                                "informer_ms",
                                0L,
                                "menu_ms",
                                5_000L,
                                "assistant_ringing_ms",
                                4_000L,
                                "assistant_talking_ms",
                                11_000L,
                                "transfer_hold_ms",
                                5_000L,
                                "seller_ringing_ms",
                                5_000L,
                                "whisper_ms",
                                0L,
                                "time_to_seller_ms",
                                30_000L),
                        row(
                                "route",
                                "sales",
                                "calls",
                                2L,
                                "informer_ms",
                                12_500L,
                                "menu_ms",
                                4_000L,
                                "assistant_ringing_ms",
                                0L,
                                "assistant_talking_ms",
                                0L,
                                "transfer_hold_ms",
                                0L,
                                "seller_ringing_ms",
                                5_500L,
                                "whisper_ms",
                                1_000L,
                                "time_to_seller_ms",
                                23_000L));
    }

    @Test
    void promoHeardWhileRingingIsStoredBesideThePhasesAndAveraged() {
        assertThat(Sql.rows(
                        "SELECT promo_while_ringing_ms, waited_ms, time_to_seller_ms FROM calls WHERE linked_id = 'B'"))
                .containsExactly(
                        row("promo_while_ringing_ms", 5_000L, "waited_ms", 8_000L, "time_to_seller_ms", 8_000L));
        assertThat(Sql.rows("SELECT route, promo_while_ringing_ms FROM v_phase_breakdown WHERE day = " + ON_DAY
                        + " ORDER BY route"))
                .containsExactly(
                        row("route", "assistant", "promo_while_ringing_ms", 0L),
                        row("route", "sales", "promo_while_ringing_ms", 2_500L));
    }

    @Test
    void abandonmentIsCountedByPhase() {
        assertThat(Sql.rows("SELECT phase, abandons, short_abandons FROM v_abandonment_by_phase WHERE day = " + ON_DAY
                        + " ORDER BY phase"))
                .containsExactly(
                        row("phase", "assistant_ringing", "abandons", 1L, "short_abandons", 0L),
                        row("phase", "informer", "abandons", 1L, "short_abandons", 1L));
    }

    @Test
    void routingAccuracyCountsAnsweredCallsWithoutTransfer() {
        assertThat(Sql.rows("SELECT answered, first_contact_correct, accuracy FROM v_routing_accuracy WHERE day = "
                        + ON_DAY))
                .containsExactly(
                        row("answered", 3L, "first_contact_correct", 2L, "accuracy", new BigDecimal("0.6667")));
    }

    @Test
    void transfersPerCallCountsEveryOfferedCallOfTheDay() {
        assertThat(Sql.rows("SELECT calls, transferred_calls, transfers, transfers_per_call FROM v_transfers_per_call "
                        + "WHERE day = " + ON_DAY))
                .containsExactly(row(
                        "calls",
                        6L,
                        "transferred_calls",
                        1L,
                        "transfers",
                        1L,
                        "transfers_per_call",
                        new BigDecimal("0.1667")));
    }

    @Test
    void sellerRingsSeparateAnswersFromMissedRings() {
        assertThat(Sql.rows("SELECT seller, answers, missed, declined, missed_rings FROM v_seller_rings WHERE day = "
                        + ON_DAY + " ORDER BY seller"))
                .containsExactly(
                        row("seller", "s1", "answers", 2L, "missed", 1L, "declined", 0L, "missed_rings", 1L),
                        row("seller", "s2", "answers", 1L, "missed", 0L, "declined", 1L, "missed_rings", 1L));
    }

    @Test
    void waitingNowShowsOnlyTheLiveCallWithItsPhase() {
        List<Map<String, Object>> waiting =
                Sql.rows("SELECT linked_id, line, caller_number, current_phase, waited_ms FROM v_waiting_now");

        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0))
                .containsEntry("linked_id", "G")
                .containsEntry("line", "main")
                .containsEntry("caller_number", "+1007")
                .containsEntry("current_phase", "menu");
        assertThat((Long) waiting.get(0).get("waited_ms"))
                .isBetween(30_000L, Duration.ofMinutes(10).toMillis());
    }

    @Test
    void leadSourcesCountCallsAndMedianTimeToSeller() {
        assertThat(Sql.rows(
                        "SELECT campaign, source, calls, reached, p50_ms FROM v_lead_sources WHERE day = " + ON_DAY))
                .containsExactly(
                        row("campaign", "spring", "source", "google", "calls", 6L, "reached", 3L, "p50_ms", 30_000L));
    }

    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }
}
