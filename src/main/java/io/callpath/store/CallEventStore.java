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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a batch of events and the {@code calls} rows they touch, in one transaction. */
final class CallEventStore {

    private static final Logger log = LoggerFactory.getLogger(CallEventStore.class);

    // One statement per batch (arrays, one element per event): one Bind/Execute instead of one per row.
    private static final String INSERT_EVENTS = "INSERT INTO call_events "
            + "(event_id, linked_id, session_id, type, phase, wall_time, offset_ms, attributes) "
            + "SELECT id::uuid, linked_id, session_id, type, phase, wall_time::timestamptz, offset_ms, attributes::jsonb "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[]) "
            + "AS e(id, linked_id, session_id, type, phase, wall_time, offset_ms, attributes) "
            + "ON CONFLICT (event_id) DO NOTHING";
    // Sessions of one call may be written by several servers at once: serialise per call so the last
    // recompute always sees every committed event. Sorted to avoid deadlocks between batches.
    private static final String LOCK_CALLS = "SELECT pg_advisory_xact_lock(hashtext(id)) "
            + "FROM (SELECT id FROM unnest(?::text[]) AS id ORDER BY id) AS ids";
    // The batch's own events and the events this store committed recently are folded from memory. How many events each
    // call has in the table tells whether that is all of them (nothing is ever deleted, and every event known here is
    // stored); only the calls with more (events written by another server, or forgotten) are read back. Counting spares
    // PostgreSQL comparing each stored event with every known id (the array of them is not hashed in a prepared plan).
    private static final String COUNT_STORED_EVENTS =
            "SELECT linked_id, count(*) FROM call_events WHERE linked_id = ANY(?::text[]) " + "GROUP BY linked_id";
    private static final String SELECT_EARLIER_EVENTS =
            "SELECT event_id, linked_id, session_id, type, phase, wall_time, offset_ms, "
                    + "attributes::text FROM call_events WHERE linked_id = ANY(?::text[]) AND NOT (event_id = ANY(?::uuid[]))";

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
                insertEvents(connection, batch);
                List<CallRows.Row> calls = new ArrayList<>();
                Map<String, Map<UUID, CallEvent>> byCall = committed.of(linkedIds);
                for (CallEvent event : batch) {
                    byCall.computeIfAbsent(event.linkedId(), id -> new LinkedHashMap<>())
                            .putIfAbsent(event.eventId(), event);
                }
                List<String> incomplete = callsWithUnseenEvents(connection, ids, byCall);
                if (!incomplete.isEmpty()) {
                    List<UUID> known = new ArrayList<>();
                    incomplete.forEach(
                            linkedId -> known.addAll(byCall.get(linkedId).keySet()));
                    readEarlierEvents(
                            connection, connection.createArrayOf("text", incomplete.toArray()), known, byCall);
                }
                byCall.forEach((linkedId, events) -> summarize(linkedId, byOffset(events.values()), calls));
                CallRows.upsert(connection, calls);
                return byCall;
            });
            committed.remember(written);
        }
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

    /** The calls that have more events in the table than {@code byCall} holds for them, in {@code ids}' order. */
    private static List<String> callsWithUnseenEvents(
            Connection connection, Array ids, Map<String, Map<UUID, CallEvent>> byCall) throws SQLException {
        List<String> incomplete = new ArrayList<>();
        try (PreparedStatement count = connection.prepareStatement(COUNT_STORED_EVENTS)) {
            count.setArray(1, ids);
            try (ResultSet row = count.executeQuery()) {
                while (row.next()) {
                    Map<UUID, CallEvent> known = byCall.get(row.getString(1));
                    if (known == null || row.getLong(2) != known.size()) {
                        incomplete.add(row.getString(1));
                    }
                }
            }
        }
        return incomplete;
    }

    /** Adds to {@code byCall} the stored events of the calls {@code ids} that are not among {@code known}. */
    private static void readEarlierEvents(
            Connection connection, Array ids, List<UUID> known, Map<String, Map<UUID, CallEvent>> byCall)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_EARLIER_EVENTS)) {
            select.setArray(1, ids);
            select.setArray(2, connection.createArrayOf("uuid", known.toArray()));
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
