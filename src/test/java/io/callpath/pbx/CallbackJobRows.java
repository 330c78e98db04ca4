package io.callpath.pbx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/** A number's callback job as the callback PBX tests read it: its latest {@code callbacks} row and its event types. */
final class CallbackJobRows {

    private CallbackJobRows() {}

    /** The number's latest job (column label -> value) once it is in {@code state} (in any state when null). */
    static Map<String, Object> await(PbxRig rig, String number, String state, Duration timeout) {
        return Awaitility.await("callback of " + number + " " + (state == null ? "in any state" : state))
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> latest(rig, number),
                        job -> job.isPresent()
                                && (state == null || state.equals(job.get().get("state"))))
                .orElseThrow();
    }

    static Optional<Map<String, Object>> latest(PbxRig rig, String number) throws SQLException {
        try (Connection connection = rig.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT * FROM callbacks WHERE number = ? ORDER BY id DESC LIMIT 1")) {
            select.setString(1, number);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    row.put(rows.getMetaData().getColumnLabel(column), rows.getObject(column));
                }
                return Optional.of(row);
            }
        }
    }

    /** The job's {@code callback_events} types in the order they were written ("queued", "claimed", ...). */
    static List<String> eventTypes(PbxRig rig, Map<String, Object> job) throws SQLException {
        try (Connection connection = rig.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT type FROM callback_events WHERE callback_id = ? ORDER BY id")) {
            select.setLong(1, (Long) job.get("id"));
            List<String> types = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
            return types;
        }
    }
}
