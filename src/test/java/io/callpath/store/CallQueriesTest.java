package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.CallTimeline;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallQueriesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @BeforeEach
    void cleanTables() {
        SharedPostgres.clean();
    }

    @Test
    void summariesReadBackWhatWasStoredWithinTheRange() throws SQLException {
        CallSummary reached = summary(PostgresEventWriterTest.reachedSeller("in-range", T0, "+1555", "s1")
                .events());
        CallSummary abandoned = summary(CallStory.call("abandoned", T0.plusSeconds(60), "+1556")
                .phase(Phase.INFORMER, 0)
                .phase(Phase.MENU, 25_000)
                .event(EventType.CALLER_HUNG_UP, 27_000, Map.of())
                .events());
        CallSummary tooLate =
                summary(PostgresEventWriterTest.reachedSeller("next-day", T0.plusSeconds(86_400), "+1557", "s1")
                        .events());
        try (Connection connection = SharedPostgres.dataSource().getConnection()) {
            CallRows.upsert(
                    connection,
                    List.of(
                            new CallRows.Row(reached, Map.of()),
                            new CallRows.Row(abandoned, Map.of()),
                            new CallRows.Row(tooLate, Map.of())));
        }

        List<CallSummary> read = CallQueries.summaries(SharedPostgres.dataSource(), T0, T0.plusSeconds(3_600));

        assertThat(read).containsExactly(reached, abandoned);
    }

    private static CallSummary summary(List<CallEvent> events) {
        return CallTimeline.summarize(events.get(0).linkedId(), events);
    }
}
