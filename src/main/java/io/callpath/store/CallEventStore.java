package io.callpath.store;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a batch of events and the {@code calls} rows they touch, in one transaction. */
final class CallEventStore {

    private static final Logger log = LoggerFactory.getLogger(CallEventStore.class);

    // One statement per batch (arrays, one element per event): one Bind/Execute instead of one per row. No ON CONFLICT:
    // events already stored are left out before it (see write), and ON CONFLICT's speculative insertion cost a lock and
    // an extra WAL record per row (the insert took ~18% longer with it, BENCHMARKS.md (d)).
    private static final String INSERT_EVENTS = "INSERT INTO call_events "
            + "(event_id, linked_id, session_id, type, phase, wall_time, offset_ms, attributes) "
            + "SELECT id::uuid, linked_id, session_id, type, phase, wall_time::timestamptz, offset_ms, attributes::jsonb "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[]) "
            + "AS e(id, linked_id, session_id, type, phase, wall_time, offset_ms, attributes)";
    // Sessions of one call may be written by several servers at once: serialise per call so the last
    // recompute always sees every committed event. Sorted to avoid deadlocks between batches.
    private static final String LOCK_CALLS = "SELECT pg_advisory_xact_lock(hashtext(id)) "
            + "FROM (SELECT id FROM unnest(?::text[]) AS id ORDER BY id) AS ids";
    // Before the insert, under the calls' locks: the events this store committed recently are what the table holds for
    // a call when the table has as many (nothing is ever deleted, and every event remembered here is stored); only the
    // calls with another count (events written by another server, forgotten, or a replay) are read back. Then the
    // batch's events not among a call's stored ones are the ones to insert, and the call is folded from memory.
    private static final String COUNT_STORED_EVENTS =
            "SELECT linked_id, count(*) FROM call_events WHERE linked_id = ANY(?::text[]) GROUP BY linked_id";
    private static final String SELECT_STORED_EVENTS =
            "SELECT event_id, linked_id, session_id, type, phase, wall_time, "
                    + "offset_ms, attributes::text FROM call_events WHERE linked_id = ANY(?::text[])";

    /** Calls whose committed events are remembered; beyond it the least recently written call is re-read instead. */
    static final int REMEMBERED_CALLS = 4_096;

    private final DataSource dataSource;
    private final BiFunction<String, List<CallEvent>, CallSummary> summarizer;
    private final CommittedEvents committed;

    CallEventStore(DataSource dataSource, BiFunction<String, List<CallEvent>, CallSummary> summarizer) {
        this(dataSource, summarizer, REMEMBERED_CALLS);
    }

    CallEventStore(
            DataSource dataSource, BiFunction<String, List<CallEvent>, CallSummary> summarizer, int rememberedCalls) {
        this.dataSource = dataSource;
        this.summarizer = summarizer;
        this.committed = new CommittedEvents(rememberedCalls);
    }

    /** Stores the events (duplicates ignored) and recomputes each touched call from all its stored events; commits or throws. */
    void write(List<CallEvent> dirtyBatch) throws SQLException {
        List<CallEvent> batch = dirtyBatch.stream().map(CallEventStore::cleaned).toList();
        TreeSet<String> linkedIds = new TreeSet<>();
        batch.forEach(event -> linkedIds.add(event.linkedId()));
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Map<UUID, CallEvent>> written = Transactions.inTransaction(connection, () -> {
                Array ids = connection.createArrayOf("text", linkedIds.toArray());
                try (PreparedStatement lock = connection.prepareStatement(LOCK_CALLS)) {
                    lock.setArray(1, ids);
                    lock.execute();
                }
                Map<String, Map<UUID, CallEvent>> byCall = storedEvents(connection, ids, linkedIds);
                List<CallEvent> fresh = new ArrayList<>(batch.size());
                for (CallEvent event : batch) {
                    // not stored yet and not earlier in this batch: a replay inserts nothing twice
                    if (byCall.computeIfAbsent(event.linkedId(), id -> new LinkedHashMap<>())
                                    .putIfAbsent(event.eventId(), event)
                            == null) {
                        fresh.add(event);
                    }
                }
                if (!fresh.isEmpty()) {
                    insertEvents(connection, fresh);
                }
                List<CallRows.Row> calls = new ArrayList<>();
                byCall.forEach((linkedId, events) -> summarize(linkedId, byOffset(events.values()), calls));
                CallRows.upsert(connection, calls);
                return byCall;
            });
            committed.remember(written);
        }
    }

    /**
     * Every stored event of the calls {@code linkedIds} (their {@code ids} array): the remembered ones when the table
     * holds as many for the call, else the call's events read back from the table.
     */
    private Map<String, Map<UUID, CallEvent>> storedEvents(Connection connection, Array ids, Set<String> linkedIds)
            throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement count = connection.prepareStatement(COUNT_STORED_EVENTS)) {
            count.setArray(1, ids);
            try (ResultSet row = count.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
        }
        Map<String, Map<UUID, CallEvent>> byCall = committed.of(linkedIds);
        List<String> unsure = new ArrayList<>();
        for (String linkedId : linkedIds) {
            Map<UUID, CallEvent> remembered = byCall.get(linkedId);
            if (counts.getOrDefault(linkedId, 0L) != (remembered == null ? 0 : remembered.size())) {
                unsure.add(linkedId);
                byCall.remove(linkedId);
            }
        }
        if (!unsure.isEmpty()) {
            readStoredEvents(connection, connection.createArrayOf("text", unsure.toArray()), byCall);
        }
        return byCall;
    }

    private static void insertEvents(Connection connection, List<CallEvent> batch) throws SQLException {
        int size = batch.size();
        String[] ids = new String[size];
        String[] linkedIds = new String[size];
        String[] sessionIds = new String[size];
        String[] types = new String[size];
        String[] phases = new String[size];
        String[] wallTimes = new String[size];
        Long[] offsets = new Long[size];
        String[] attributes = new String[size];
        for (int i = 0; i < size; i++) {
            CallEvent event = batch.get(i);
            ids[i] = event.eventId().toString();
            linkedIds[i] = event.linkedId();
            sessionIds[i] = event.sessionId();
            types[i] = event.type().name();
            phases[i] = event.phase() == null ? null : event.phase().key();
            wallTimes[i] = InstantText.iso(event.wallTime());
            offsets[i] = event.offsetMillis();
            // the batch is cleaned in write(), and EventJson escapes every control character: no NUL can reach here
            attributes[i] = EventJson.attributes(event.attributes());
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENTS)) {
            int column = 1;
            for (String[] values : List.of(ids, linkedIds, sessionIds, types, phases, wallTimes)) {
                insert.setArray(column++, connection.createArrayOf("text", values));
            }
            insert.setArray(column++, connection.createArrayOf("int8", offsets));
            insert.setArray(column, connection.createArrayOf("text", attributes));
            insert.executeUpdate();
        }
    }

    /** The event as PostgreSQL stores it (no NUL in text), so the fold from memory equals a fold from the table. */
    private static CallEvent cleaned(CallEvent event) {
        if (isClean(event)) {
            return event; // the usual case: copying every event (and its attributes) showed in the writer's profile
        }
        return new CallEvent(
                event.eventId(),
                Text.clean(event.linkedId()),
                Text.clean(event.sessionId()),
                event.type(),
                event.phase(),
                event.wallTime(),
                event.offsetMillis(),
                cleanAttributes(event.attributes()));
    }

    private static boolean isClean(CallEvent event) {
        if (!Text.isClean(event.linkedId()) || !Text.isClean(event.sessionId())) {
            return false;
        }
        for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
            if (!Text.isClean(attribute.getKey()) || !Text.isClean(attribute.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The attributes of the call's CALLER_ANSWERS event with the latest wall time (V8's rule), empty when none. */
    private static Map<String, String> latestAnswers(List<CallEvent> events) {
        CallEvent latest = null;
        for (CallEvent event : events) {
            if (event.type() == EventType.CALLER_ANSWERS
                    && (latest == null || event.wallTime().isAfter(latest.wallTime()))) {
                latest = event;
            }
        }
        return latest == null ? Map.of() : latest.attributes();
    }

    private static List<CallEvent> byOffset(Collection<CallEvent> events) {
        List<CallEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(CallEvent::offsetMillis));
        return sorted;
    }

    private static Map<String, String> cleanAttributes(Map<String, String> attributes) {
        Map<String, String> clean = new LinkedHashMap<>();
        attributes.forEach((name, value) -> clean.put(Text.clean(name), Text.clean(value)));
        return clean;
    }

    /** Adds to {@code byCall} the stored events of the calls {@code ids}. */
    private static void readStoredEvents(Connection connection, Array ids, Map<String, Map<UUID, CallEvent>> byCall)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_STORED_EVENTS)) {
            select.setArray(1, ids);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String phase = row.getString("phase");
                    CallEvent event;
                    try {
                        event = new CallEvent(
                                row.getObject("event_id", UUID.class),
                                row.getString("linked_id"),
                                row.getString("session_id"),
                                EventType.valueOf(row.getString("type")),
                                phase == null ? null : Phase.valueOf(phase.toUpperCase(Locale.ROOT)),
                                row.getTimestamp("wall_time").toInstant(),
                                row.getLong("offset_ms"),
                                EventJson.attributes(row.getString("attributes")));
                    } catch (IllegalArgumentException e) {
                        // written by a newer server version; this one cannot fold it
                        log.debug("event {} skipped in the summary: {}", row.getString("event_id"), e.getMessage());
                        continue;
                    }
                    byCall.computeIfAbsent(event.linkedId(), id -> new LinkedHashMap<>())
                            .put(event.eventId(), event);
                }
            }
        }
    }

    private void summarize(String linkedId, List<CallEvent> events, List<CallRows.Row> calls) {
        try {
            CallSummary summary = summarizer.apply(linkedId, events);
            if (summary.t0() == null) {
                log.debug("call {} has no t0 yet; its row waits for more events", linkedId);
                return;
            }
            calls.add(new CallRows.Row(summary, latestAnswers(events)));
        } catch (RuntimeException e) {
            // A bug in the fold must not cost the events: they are stored, and the row is recomputed with the next
            // event.
            log.error("could not summarise call {} from {} events", linkedId, events.size(), e);
        }
    }
}
