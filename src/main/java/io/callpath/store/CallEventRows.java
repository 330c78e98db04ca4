package io.callpath.store;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The {@code call_events} table read back: a {@link CallEvent} per row (columns event_id ... attributes as text). */
final class CallEventRows {

    private CallEventRows() {}

    /** The event in {@code row}, or empty when its type or phase is one only a newer server version knows. */
    static Optional<CallEvent> read(ResultSet row) throws SQLException {
        String type = row.getString("type");
        String phase = row.getString("phase");
        if (!known(type, phase)) {
            return Optional.empty();
        }
        return Optional.of(new CallEvent(
                row.getObject("event_id", UUID.class),
                row.getString("linked_id"),
                row.getString("session_id"),
                EventType.valueOf(type),
                phase == null ? null : Phase.valueOf(phase.toUpperCase(Locale.ROOT)),
                row.getTimestamp("wall_time").toInstant(),
                row.getLong("offset_ms"),
                EventJson.attributes(row.getString("attributes"))));
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
