package io.callpath.pbx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** One row of {@code calls}, as the dashboards read it. Durations in ms; {@code t0}/{@code tSeller} to the microsecond. */
public record CallRow(
        String linkedId,
        String line,
        String did,
        String campaign,
        String source,
        String callerNumber,
        String route,
        Instant t0,
        Instant tSeller,
        Long timeToSellerMs,
        Map<String, Long> phases,
        long waitedMs,
        String outcome,
        String outcomeReason,
        String abandonPhase,
        String seller,
        boolean assistantInvolved,
        int transfers,
        boolean repeatCaller,
        Instant endedAt) {

    /** The phase columns in the order of the schema. */
    public static final String[] PHASE_COLUMNS = {
        "informer", "menu", "assistant_ringing", "assistant_talking", "transfer_hold", "seller_ringing", "whisper"
    };

    static Optional<CallRow> read(DataSource dataSource, String linkedId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT * FROM calls WHERE linked_id = ?")) {
            select.setString(1, linkedId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(of(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading calls row " + linkedId, e);
        }
    }

    static CallRow of(ResultSet row) throws SQLException {
        Map<String, Long> phases = new LinkedHashMap<>();
        for (String phase : PHASE_COLUMNS) {
            phases.put(phase, row.getLong(phase + "_ms"));
        }
        long timeToSeller = row.getLong("time_to_seller_ms");
        Long timeToSellerMs = row.wasNull() ? null : timeToSeller;
        return new CallRow(
                row.getString("linked_id"),
                row.getString("line"),
                row.getString("did"),
                row.getString("campaign"),
                row.getString("source"),
                row.getString("caller_number"),
                row.getString("route"),
                instant(row, "t0"),
                instant(row, "t_seller"),
                timeToSellerMs,
                Map.copyOf(phases),
                row.getLong("waited_ms"),
                row.getString("outcome"),
                row.getString("outcome_reason"),
                row.getString("abandon_phase"),
                row.getString("seller"),
                row.getBoolean("assistant_involved"),
                row.getInt("transfers"),
                row.getBoolean("repeat_caller"),
                instant(row, "ended_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    public long phase(String name) {
        Long millis = phases.get(name);
        if (millis == null) {
            throw new IllegalArgumentException("no phase column " + name);
        }
        return millis;
    }

    public long phaseSum() {
        return phases.values().stream().mapToLong(Long::longValue).sum();
    }

    /** t0 in microseconds since the epoch. */
    public long t0Micros() {
        return t0.getEpochSecond() * 1_000_000L + t0.getNano() / 1_000L;
    }

    @Override
    public String toString() {
        return "calls[" + linkedId + " line=" + line + " did=" + did + " caller=" + callerNumber + " route=" + route
                + " outcome=" + outcome + " reason=" + outcomeReason + " abandon=" + abandonPhase + " seller=" + seller
                + " ttsMs=" + timeToSellerMs + " waitedMs=" + waitedMs + " phases=" + phases + " repeat=" + repeatCaller
                + " assistant=" + assistantInvolved + " transfers=" + transfers + " ended=" + endedAt + "]";
    }
}
