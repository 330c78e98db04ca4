package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.CallTimeline;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallEventStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @BeforeEach
    void cleanTables() {
        SharedPostgres.clean();
    }

    @Test
    void eventsAnotherServerWroteBetweenOurBatchesAreStillFolded() throws SQLException {
        List<CallEvent> events = PostgresEventWriterTest.reachedSeller("call-1", T0, "+15550001", "s1")
                .events();
        CallEventStore ours = new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize);
        CallEventStore theirs = new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize);
        int third = events.size() / 3;

        ours.write(events.subList(0, third));
        theirs.write(events.subList(third, 2 * third));
        ours.write(events.subList(2 * third, events.size()));

        PostgresEventWriterTest.assertReachedSellerRow();
    }

    @Test
    void aCallFoldedFromMemoryGivesTheSameRowAsOneReadBackFromTheTable() throws SQLException {
        List<CallEvent> events = PostgresEventWriterTest.reachedSeller("call-1", T0, "+15550001", "s1")
                .events();
        CallEventStore remembering = new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize);
        for (CallEvent event : events) {
            remembering.write(List.of(event));
        }
        Map<String, Object> fromMemory = callRowWithoutUpdatedAt();
        SharedPostgres.clean();

        CallEventStore forgetting = new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize, 0);
        for (CallEvent event : events) {
            forgetting.write(List.of(event));
        }

        assertThat(callRowWithoutUpdatedAt()).isEqualTo(fromMemory);
        PostgresEventWriterTest.assertReachedSellerRow();
    }

    @Test
    void aCallForgottenBeyondTheBoundIsReadBackFromTheTable() throws SQLException {
        List<CallEvent> events = PostgresEventWriterTest.reachedSeller("call-1", T0, "+15550001", "s1")
                .events();
        CallEventStore store = new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize, 1);
        int half = events.size() / 2;

        store.write(events.subList(0, half));
        store.write(PostgresEventWriterTest.reachedSeller("call-2", T0, "+15550002", "s2")
                .events());
        store.write(events.subList(half, events.size()));

        PostgresEventWriterTest.assertReachedSellerRow();
    }

    @Test
    void aBatchReplayedByAStoreThatForgotItStoresEachEventOnce() throws SQLException {
        List<CallEvent> events = PostgresEventWriterTest.reachedSeller("call-1", T0, "+15550001", "s1")
                .events();
        int half = events.size() / 2;
        new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize).write(events.subList(0, half));

        CallEventStore restarted = new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize);
        restarted.write(events);
        restarted.write(events.subList(half, events.size()));

        assertThat(storedEvents()).isEqualTo(events.size());
        PostgresEventWriterTest.assertReachedSellerRow();
    }

    @Test
    void anEventTwiceInOneBatchIsStoredOnce() throws SQLException {
        List<CallEvent> events =
                new java.util.ArrayList<>(PostgresEventWriterTest.reachedSeller("call-1", T0, "+15550001", "s1")
                        .events());
        events.add(events.get(0));
        events.add(events.get(events.size() - 2));

        new CallEventStore(SharedPostgres.dataSource(), CallTimeline::summarize).write(events);

        assertThat(storedEvents()).isEqualTo(events.size() - 2);
        PostgresEventWriterTest.assertReachedSellerRow();
    }

    private static long storedEvents() {
        return ((Number) Sql.rows("SELECT count(*) AS n FROM call_events WHERE linked_id = 'call-1'")
                        .get(0)
                        .get("n"))
                .longValue();
    }

    private static Map<String, Object> callRowWithoutUpdatedAt() {
        Map<String, Object> row = new java.util.HashMap<>(
                Sql.rows("SELECT * FROM calls WHERE linked_id = 'call-1'").get(0));
        row.remove("updated_at");
        return row;
    }
}
