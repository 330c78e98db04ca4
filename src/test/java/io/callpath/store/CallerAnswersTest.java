package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V8: what callers tell the assistant desk reaches the calls row and the lead-source views, through the real writer. */
class CallerAnswersTest {

    private static final Instant DAY = Instant.parse("2026-04-07T10:00:00Z");
    private static final String ON_DAY = "date_trunc('day', '2026-04-07T10:30:00Z'::timestamptz)";
    private static final String HOSTILE = "'); DROP TABLE calls; -- <script>alert(1)</script>";

    @BeforeAll
    static void writeCalls(@TempDir Path spool) {
        SharedPostgres.clean();
        List<CallEvent> first = new ArrayList<>();
        // K: the assistant takes it; the caller says radio (the line says google); answers typed twice, the last counts
        first.addAll(assistantCall("K", DAY.plusSeconds(60)).events());
        // L: the caller names the line's own source, in other case and spaces
        first.addAll(assistantCall("L", DAY.plusSeconds(120))
                .event(EventType.CALLER_ANSWERS, 12_000, answers("windows for a dacha", " Google ", "201"))
                .events());
        // M: never asked
        first.addAll(CallStory.call("M", DAY.plusSeconds(180), "+2003")
                .phase(Phase.MENU, 0)
                .route("sales", 2_000)
                .phase(Phase.SELLER_RINGING, 2_000)
                .event(EventType.SELLER_CONNECTED, 5_000, Map.of("seller", "s1"))
                .events());
        List<CallEvent> later = CallStory.call("K", DAY.plusSeconds(60), "+2001")
                .event(EventType.CALLER_ANSWERS, 10_000, answers("first note", "tv", "201"))
                .event(EventType.CALLER_ANSWERS, 14_000, answers(HOSTILE, "radio", "201"))
                .events()
                .stream()
                .filter(event -> event.type() == EventType.CALLER_ANSWERS)
                .toList();

        try (PostgresEventWriter writer = SharedPostgres.startedWriter(spool)) {
            first.forEach(writer::accept);
            await("first batch")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> Sql.count("SELECT count(*) FROM call_events") == first.size());
            // answers that arrive after the row exists, in a batch of their own, and one of them twice (a replay)
            later.forEach(writer::accept);
            writer.accept(later.get(1));
            await("answers")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> Sql.count("SELECT count(*) FROM call_events") == first.size() + later.size());
        }
    }

    @Test
    void theLatestAnswersAreOnTheRowAsTyped() {
        assertThat(
                        Sql.rows(
                                "SELECT linked_id, caller_request, stated_source, desk_assistant FROM calls ORDER BY linked_id"))
                .containsExactly(
                        row(
                                "linked_id",
                                "K",
                                "caller_request",
                                HOSTILE,
                                "stated_source",
                                "radio",
                                "desk_assistant",
                                "201"),
                        row(
                                "linked_id",
                                "L",
                                "caller_request",
                                "windows for a dacha",
                                "stated_source",
                                " Google ",
                                "desk_assistant",
                                "201"),
                        row("linked_id", "M", "caller_request", null, "stated_source", null, "desk_assistant", null));
    }

    @Test
    void leadSourcesCountWhatCallersSayAgainstTheLine() {
        assertThat(Sql.rows("SELECT source, calls, stated, stated_same FROM v_lead_sources WHERE day = " + ON_DAY))
                .containsExactly(row("source", "google", "calls", 3L, "stated", 2L, "stated_same", 1L));
        assertThat(Sql.rows("SELECT line_source, stated_source, calls FROM v_stated_sources WHERE day = " + ON_DAY
                        + " ORDER BY stated_source COLLATE \"C\""))
                .containsExactly(
                        row("line_source", "google", "stated_source", " Google ", "calls", 1L),
                        row("line_source", "google", "stated_source", "(not asked)", "calls", 1L),
                        row("line_source", "google", "stated_source", "radio", "calls", 1L));
    }

    @Test
    void theReportListsEachLineSourceAgainstWhatCallersSaid() {
        List<StatedSources.Row> rows = StatedSources.between(SharedPostgres.dataSource(), DAY, DAY.plusSeconds(3600));
        assertThat(rows)
                .containsExactly(
                        new StatedSources.Row("google", null, 1),
                        new StatedSources.Row("google", " Google ", 1),
                        new StatedSources.Row("google", "radio", 1));
        assertThat(io.callpath.report.StatedSourcesReport.render(rows))
                .contains("line's source", "caller says", "(not asked)", "radio");
    }

    private static CallStory assistantCall(String linkedId, Instant t0) {
        return CallStory.call(linkedId, t0, "+200" + linkedId)
                .phase(Phase.MENU, 0)
                .route("assistant", 3_000)
                .phase(Phase.ASSISTANT_RINGING, 3_000)
                .event(EventType.ASSISTANT_ANSWERED, 5_000, Map.of("assistant", "PJSIP/201"))
                .phase(Phase.ASSISTANT_TALKING, 5_000)
                .event(EventType.TRANSFERRED, 20_000, Map.of("department", "sales"))
                .phase(Phase.TRANSFER_HOLD, 20_000)
                .phase(Phase.SELLER_RINGING, 21_000)
                .event(EventType.SELLER_CONNECTED, 25_000, Map.of("seller", "s1"));
    }

    private static Map<String, String> answers(String request, String source, String assistant) {
        return Map.of("request", request, "statedSource", source, "assistant", assistant);
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
