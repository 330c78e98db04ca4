package io.callpath.store;

import io.callpath.clock.CallEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    private CallEventQueries() {
    }

    /** The events of every call that arrived in [from, to), by linked id, each call's in offset order. */
    public static Map<String, List<CallEvent>> eventsByCall(DataSource dataSource, Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection()) {
            // a cursor (fetch size) needs a transaction
            return Transactions.inTransaction(connection, () -> {
                try (PreparedStatement select = connection.prepareStatement(EVENTS)) {
                    select.setTimestamp(1, Timestamp.from(from));
                    select.setTimestamp(2, Timestamp.from(to));
                    select.setFetchSize(5_000);
                    Map<String, List<CallEvent>> byCall = new HashMap<>();
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            // empty: written by a newer server version
                            CallEventRows.read(row).ifPresent(event ->
                                    byCall.computeIfAbsent(event.linkedId(), id -> new ArrayList<>()).add(event));
                        }
                    }
                    return byCall;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not read call events from " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
