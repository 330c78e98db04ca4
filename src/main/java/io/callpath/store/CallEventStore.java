package io.callpath.store;

import io.callpath.clock.CallEvent;
import io.callpath.clock.CallSummary;
import io.callpath.clock.EventType;
import io.callpath.clock.Phase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a batch of events and the {@code calls} rows they touch, in one transaction. */
final class CallEventStore {

    private static final Logger log = LoggerFactory.getLogger(CallEventStore.class);

    private static final String INSERT_EVENT = "INSERT INTO call_events "
            + "(event_id, linked_id, session_id, type, phase, wall_time, offset_ms, attributes) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (event_id) DO NOTHING";
    // Sessions of one call may be written by several servers at once: serialise per call so the last
    // recompute always sees every committed event. Sorted to avoid deadlocks between batches.
    private static final String LOCK_CALLS = "SELECT pg_advisory_xact_lock(hashtext(id)) "
            + "FROM (SELECT id FROM unnest(?::text[]) AS id ORDER BY id) AS ids";
    // The batch's own events are folded from memory: re-reading and re-parsing them was the writer's largest
    // Java cost (JFR, BENCHMARKS.md); only the calls' earlier events come back from PostgreSQL.
    private static final String SELECT_EVENTS = "SELECT event_id, linked_id, session_id, type, phase, wall_time, offset_ms, "
            + "attributes::text FROM call_events WHERE linked_id = ANY(?::text[]) AND NOT (event_id = ANY(?::uuid[])) "
            + "ORDER BY linked_id, offset_ms";

    private final DataSource dataSource;
    private final BiFunction<String, List<CallEvent>, CallSummary> summarizer;

    CallEventStore(DataSource dataSource, BiFunction<String, List<CallEvent>, CallSummary> summarizer) {
        this.dataSource = dataSource;
        this.summarizer = summarizer;
    }

    /** Stores the events (duplicates ignored) and recomputes each touched call from all its stored events; commits or throws. */
    void write(List<CallEvent> batch) throws SQLException {
        TreeSet<String> linkedIds = new TreeSet<>();
        batch.forEach(event -> linkedIds.add(Text.clean(event.linkedId())));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Array ids = connection.createArrayOf("text", linkedIds.toArray());
                try (PreparedStatement lock = connection.prepareStatement(LOCK_CALLS)) {
                    lock.setArray(1, ids);
                    lock.execute();
                }
                List<CallEvent> stored = insertEvents(connection, batch);
                Array batchIds = connection.createArrayOf("uuid", stored.stream().map(CallEvent::eventId).toArray());
                Map<String, List<CallEvent>> byCall = readEvents(connection, ids, batchIds);
                for (CallEvent event : stored) {
                    byCall.computeIfAbsent(event.linkedId(), id -> new ArrayList<>()).add(event);
                }
                List<CallSummary> calls = new ArrayList<>();
                byCall.forEach((linkedId, events) -> {
                    // stable: equal offsets keep stored-before-batch order
                    events.sort(Comparator.comparingLong(CallEvent::offsetMillis));
                    summarize(linkedId, events, calls);
                });
                CallRows.upsert(connection, calls);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    /** Inserts the batch; returns its events as PostgreSQL stores them (cleaned text, microseconds), once per id. */
    private static List<CallEvent> insertEvents(Connection connection, List<CallEvent> batch) throws SQLException {
        Map<UUID, CallEvent> stored = new LinkedHashMap<>();
        for (CallEvent event : batch) {
            stored.putIfAbsent(event.eventId(), new CallEvent(event.eventId(), Text.clean(event.linkedId()),
                    Text.clean(event.sessionId()), event.type(), event.phase(),
                    event.wallTime().truncatedTo(ChronoUnit.MICROS), event.offsetMillis(),
                    cleanAttributes(event.attributes())));
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            for (CallEvent event : stored.values()) {
                insert.setObject(1, event.eventId());
                insert.setString(2, event.linkedId());
                insert.setString(3, event.sessionId());
                insert.setString(4, event.type().name());
                insert.setString(5, event.phase() == null ? null : event.phase().key());
                insert.setTimestamp(6, Timestamp.from(event.wallTime()));
                insert.setLong(7, event.offsetMillis());
                insert.setString(8, Text.clean(EventJson.attributes(event.attributes())));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return new ArrayList<>(stored.values());
    }

    private static Map<String, String> cleanAttributes(Map<String, String> attributes) {
        Map<String, String> clean = new LinkedHashMap<>();
        attributes.forEach((name, value) -> clean.put(Text.clean(name), Text.clean(value)));
        return clean;
    }

    private static Map<String, List<CallEvent>> readEvents(Connection connection, Array ids, Array excluded)
            throws SQLException {
        // sorted by call, so the calls rows are upserted in the same order as before
        Map<String, List<CallEvent>> byCall = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_EVENTS)) {
            select.setArray(1, ids);
            select.setArray(2, excluded);
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
                    byCall.computeIfAbsent(event.linkedId(), id -> new ArrayList<>()).add(event);
                }
            }
        }
        return byCall;
    }

    private void summarize(String linkedId, List<CallEvent> events, List<CallSummary> calls) {
        try {
            CallSummary summary = summarizer.apply(linkedId, events);
            if (summary.t0() == null) {
                log.debug("call {} has no t0 yet; its row waits for more events", linkedId);
                return;
            }
            calls.add(summary);
        } catch (RuntimeException e) {
            // A bug in the fold must not cost the events: they are stored, and the row is recomputed with the next event.
            log.error("could not summarise call {} from {} events", linkedId, events.size(), e);
        }
    }
}
