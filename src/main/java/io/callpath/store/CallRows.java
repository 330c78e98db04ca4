package io.callpath.store;

import io.callpath.clock.CallSummary;
import io.callpath.clock.Outcome;
import io.callpath.clock.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The {@code calls} table: a {@link CallSummary} per row, written by upsert and read back for reports. */
final class CallRows {

    static final String COLUMNS = "linked_id, line, did, campaign, source, caller_number, route, t0, t_seller, time_to_seller_ms, "
            + "informer_ms, menu_ms, assistant_ringing_ms, assistant_talking_ms, transfer_hold_ms, seller_ringing_ms, whisper_ms, "
            + "outcome, outcome_reason, abandon_phase, seller, assistant_involved, transfers, repeat_caller, ended_at";

    private static final String UPSERT = "INSERT INTO calls (" + COLUMNS + ", updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) "
            + "ON CONFLICT (linked_id) DO UPDATE SET line = EXCLUDED.line, did = EXCLUDED.did, campaign = EXCLUDED.campaign, "
            + "source = EXCLUDED.source, caller_number = EXCLUDED.caller_number, route = EXCLUDED.route, t0 = EXCLUDED.t0, "
            + "t_seller = EXCLUDED.t_seller, time_to_seller_ms = EXCLUDED.time_to_seller_ms, informer_ms = EXCLUDED.informer_ms, "
            + "menu_ms = EXCLUDED.menu_ms, assistant_ringing_ms = EXCLUDED.assistant_ringing_ms, "
            + "assistant_talking_ms = EXCLUDED.assistant_talking_ms, transfer_hold_ms = EXCLUDED.transfer_hold_ms, "
            + "seller_ringing_ms = EXCLUDED.seller_ringing_ms, whisper_ms = EXCLUDED.whisper_ms, outcome = EXCLUDED.outcome, "
            + "outcome_reason = EXCLUDED.outcome_reason, abandon_phase = EXCLUDED.abandon_phase, seller = EXCLUDED.seller, "
            + "assistant_involved = EXCLUDED.assistant_involved, transfers = EXCLUDED.transfers, "
            + "repeat_caller = EXCLUDED.repeat_caller, ended_at = EXCLUDED.ended_at, updated_at = now()";

    private CallRows() {
    }

    static void upsert(Connection connection, Collection<CallSummary> calls) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (CallSummary call : calls) {
                int i = 1;
                upsert.setString(i++, Text.clean(call.linkedId()));
                upsert.setString(i++, Text.clean(call.line()));
                upsert.setString(i++, Text.clean(call.did()));
                upsert.setString(i++, Text.clean(call.campaign()));
                upsert.setString(i++, Text.clean(call.source()));
                upsert.setString(i++, Text.clean(call.callerNumber()));
                upsert.setString(i++, Text.clean(call.route()));
                upsert.setTimestamp(i++, Timestamp.from(call.t0()));
                upsert.setTimestamp(i++, call.tSeller() == null ? null : Timestamp.from(call.tSeller()));
                setLong(upsert, i++, call.timeToSellerMillis());
                for (Phase phase : Phase.values()) {
                    upsert.setLong(i++, call.phaseMillis().getOrDefault(phase, 0L));
                }
                upsert.setString(i++, call.outcome() == null ? null : call.outcome().key());
                upsert.setString(i++, Text.clean(call.outcomeReason()));
                upsert.setString(i++, call.abandonPhase() == null ? null : call.abandonPhase().key());
                upsert.setString(i++, Text.clean(call.seller()));
                upsert.setBoolean(i++, call.assistantInvolved());
                upsert.setInt(i++, call.transfers());
                upsert.setBoolean(i++, call.repeatCaller());
                upsert.setTimestamp(i, call.endedAt() == null ? null : Timestamp.from(call.endedAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The summary in the current row of {@code row}, selected with {@link #COLUMNS}. */
    static CallSummary read(ResultSet row) throws SQLException {
        Map<Phase, Long> phases = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            long millis = row.getLong(phase.key() + "_ms");
            if (millis != 0) {
                phases.put(phase, millis);
            }
        }
        String outcome = row.getString("outcome");
        String abandonPhase = row.getString("abandon_phase");
        long timeToSeller = row.getLong("time_to_seller_ms");
        boolean timeToSellerUnknown = row.wasNull();
        return new CallSummary(
                row.getString("linked_id"),
                row.getString("line"),
                row.getString("did"),
                row.getString("campaign"),
                row.getString("source"),
                row.getString("caller_number"),
                row.getString("route"),
                instant(row, "t0"),
                instant(row, "t_seller"),
                timeToSellerUnknown ? null : timeToSeller,
                phases,
                outcome == null ? null : Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)),
                row.getString("outcome_reason"),
                abandonPhase == null ? null : Phase.valueOf(abandonPhase.toUpperCase(Locale.ROOT)),
                row.getString("seller"),
                row.getBoolean("assistant_involved"),
                row.getInt("transfers"),
                row.getBoolean("repeat_caller"),
                instant(row, "ended_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
