package io.callpath.store;

import io.callpath.clock.CallEvent;
import io.callpath.clock.EventType;
import io.callpath.clock.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(EVENTS)) {
                select.setTimestamp(1, Timestamp.from(from));
                select.setTimestamp(2, Timestamp.from(to));
                select.setFetchSize(5_000);
                Map<String, List<CallEvent>> byCall = new HashMap<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String type = row.getString("type");
                        String phase = row.getString("phase");
                        if (!known(type, phase)) {
                            continue; // written by a newer server version
                        }
                        CallEvent event = new CallEvent(row.getObject("event_id", UUID.class), row.getString("linked_id"),
                                row.getString("session_id"), EventType.valueOf(type),
                                phase == null ? null : Phase.valueOf(phase.toUpperCase(Locale.ROOT)),
                                row.getTimestamp("wall_time").toInstant(), row.getLong("offset_ms"),
                                EventJson.attributes(row.getString("attributes")));
                        byCall.computeIfAbsent(event.linkedId(), id -> new ArrayList<>()).add(event);
                    }
                }
                connection.commit();
                return byCall;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read call events from " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static boolean known(String type, String phase) {
        try {
            EventType.valueOf(type);
            if (phase != null) {
                Phase.valueOf(phase.toUpperCase(Locale.ROOT));
            }
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
