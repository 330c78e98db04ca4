package io.callpath.store;

import io.callpath.events.CallEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads the stored events of a window's calls back, for {@code tune}. */
public final class CallEventQueries {

    private static final String EVENTS = "SELECT e.event_id, e.linked_id, e.session_id, e.type, e.phase, e.wall_time, "
            + "e.offset_ms, e.attributes::text FROM call_events e JOIN calls c ON c.linked_id = e.linked_id "
            + "WHERE c.t0 >= ? AND c.t0 < ? ORDER BY e.linked_id, e.offset_ms";

    private CallEventQueries() {}

    /** The events of every call that arrived in [from, to), by linked id, each call's in offset order. */
    public static Map<String, List<CallEvent>> eventsByCall(DataSource dataSource, Instant from, Instant to) {
        Map<String, List<CallEvent>> byCall = new HashMap<>();
        try {
            // an event only a newer server version knows is left out
            WindowRows.forEach(
                    dataSource,
                    EVENTS,
                    from,
                    to,
                    5_000,
                    row -> CallEventRows.read(row)
                            .ifPresent(event -> byCall.computeIfAbsent(event.linkedId(), id -> new ArrayList<>())
                                    .add(event)));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not read call events from " + from + " to " + to + ": " + e.getMessage(), e);
        }
        return byCall;
    }
}
