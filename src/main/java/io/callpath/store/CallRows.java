package io.callpath.store;

import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code calls} table: a {@link CallSummary} per row, written by upsert and read back for reports. */
final class CallRows {

    static final String COLUMNS =
            "linked_id, line, did, campaign, source, caller_number, route, t0, t_seller, time_to_seller_ms, "
                    + "informer_ms, menu_ms, assistant_ringing_ms, assistant_talking_ms, transfer_hold_ms, seller_ringing_ms, whisper_ms, "
                    + "outcome, outcome_reason, abandon_phase, seller, seller_department, assistant_involved, transfers, repeat_caller, ended_at, "
                    + "promo_while_ringing_ms";
    /** Written with the row (V11), from the call's latest CALLER_ANSWERS event; not part of {@link CallSummary}. */
    private static final String ANSWER_COLUMNS = "stated_source, caller_request, desk_assistant";

    // One statement per batch: each column travels as an array with one element per call.
    private static final String UPSERT = "INSERT INTO calls (" + COLUMNS + ", " + ANSWER_COLUMNS + ", updated_at) "
            + "SELECT linked_id, line, did, campaign, source, caller_number, route, t0::timestamptz, t_seller::timestamptz, "
            + "time_to_seller_ms, informer_ms, menu_ms, assistant_ringing_ms, assistant_talking_ms, transfer_hold_ms, "
            + "seller_ringing_ms, whisper_ms, outcome, outcome_reason, abandon_phase, seller, seller_department, assistant_involved, transfers, "
            + "repeat_caller, ended_at::timestamptz, promo_while_ringing_ms, " + ANSWER_COLUMNS + ", now() "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
            + "?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], "
            + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::int4[], ?::bool[], ?::text[], ?::int8[], "
            + "?::text[], ?::text[], ?::text[]) "
            + "AS c(" + COLUMNS + ", " + ANSWER_COLUMNS + ") "
            + "ON CONFLICT (linked_id) DO UPDATE SET line = EXCLUDED.line, did = EXCLUDED.did, campaign = EXCLUDED.campaign, "
            + "source = EXCLUDED.source, caller_number = EXCLUDED.caller_number, route = EXCLUDED.route, t0 = EXCLUDED.t0, "
            + "t_seller = EXCLUDED.t_seller, time_to_seller_ms = EXCLUDED.time_to_seller_ms, informer_ms = EXCLUDED.informer_ms, "
            + "menu_ms = EXCLUDED.menu_ms, assistant_ringing_ms = EXCLUDED.assistant_ringing_ms, "
            + "assistant_talking_ms = EXCLUDED.assistant_talking_ms, transfer_hold_ms = EXCLUDED.transfer_hold_ms, "
            + "seller_ringing_ms = EXCLUDED.seller_ringing_ms, whisper_ms = EXCLUDED.whisper_ms, outcome = EXCLUDED.outcome, "
            + "outcome_reason = EXCLUDED.outcome_reason, abandon_phase = EXCLUDED.abandon_phase, seller = EXCLUDED.seller, "
            + "seller_department = EXCLUDED.seller_department, "
            + "assistant_involved = EXCLUDED.assistant_involved, transfers = EXCLUDED.transfers, "
            + "repeat_caller = EXCLUDED.repeat_caller, ended_at = EXCLUDED.ended_at, "
            + "promo_while_ringing_ms = EXCLUDED.promo_while_ringing_ms, stated_source = EXCLUDED.stated_source, "
            + "caller_request = EXCLUDED.caller_request, desk_assistant = EXCLUDED.desk_assistant, updated_at = now()";
    private static final int TEXT_BEFORE_PHASES = 9;
    private static final int TEXT_AFTER_PHASES = 5;

    private CallRows() {}

    /** A call's row: its summary and the attributes of its latest CALLER_ANSWERS event (empty when it has none). */
    record Row(CallSummary summary, Map<String, String> answers) {}

    /** Inserts or replaces the rows of {@code calls} (distinct linked ids) in one statement. */
    static void upsert(Connection connection, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int size = rows.size();
        String[][] answers = new String[3][size];
        String[][] leading = new String[TEXT_BEFORE_PHASES][size];
        Long[] timeToSeller = new Long[size];
        Long[][] phases = new Long[Phase.values().length][size];
        String[][] trailing = new String[TEXT_AFTER_PHASES][size];
        Boolean[] assistantInvolved = new Boolean[size];
        Integer[] transfers = new Integer[size];
        Boolean[] repeatCaller = new Boolean[size];
        String[] endedAt = new String[size];
        Long[] promoWhileRinging = new Long[size];
        for (int i = 0; i < size; i++) {
            CallSummary call = rows.get(i).summary();
            Map<String, String> answered = rows.get(i).answers();
            answers[0][i] = answer(answered, "statedSource");
            answers[1][i] = answer(answered, "request");
            answers[2][i] = answer(answered, "assistant");
            leading[0][i] = Text.clean(call.linkedId());
            leading[1][i] = Text.clean(call.line());
            leading[2][i] = Text.clean(call.did());
            leading[3][i] = Text.clean(call.campaign());
            leading[4][i] = Text.clean(call.source());
            leading[5][i] = Text.clean(call.callerNumber());
            leading[6][i] = Text.clean(call.route());
            leading[7][i] = timestamp(call.t0());
            leading[8][i] = timestamp(call.tSeller());
            timeToSeller[i] = call.timeToSellerMillis();
            for (Phase phase : Phase.values()) {
                phases[phase.ordinal()][i] = call.phaseMillis().getOrDefault(phase, 0L);
            }
            trailing[0][i] = call.outcome() == null ? null : call.outcome().key();
            trailing[1][i] = Text.clean(call.outcomeReason());
            trailing[2][i] =
                    call.abandonPhase() == null ? null : call.abandonPhase().key();
            trailing[3][i] = Text.clean(call.seller());
            trailing[4][i] = Text.clean(call.sellerDepartment());
            assistantInvolved[i] = call.assistantInvolved();
            transfers[i] = call.transfers();
            repeatCaller[i] = call.repeatCaller();
            endedAt[i] = timestamp(call.endedAt());
            promoWhileRinging[i] = call.promoWhileRingingMillis();
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            int column = 1;
            for (String[] values : leading) {
                upsert.setArray(column++, connection.createArrayOf("text", values));
            }
            upsert.setArray(column++, connection.createArrayOf("int8", timeToSeller));
            for (Long[] values : phases) {
                upsert.setArray(column++, connection.createArrayOf("int8", values));
            }
            for (String[] values : trailing) {
                upsert.setArray(column++, connection.createArrayOf("text", values));
            }
            upsert.setArray(column++, connection.createArrayOf("bool", assistantInvolved));
            upsert.setArray(column++, connection.createArrayOf("int4", transfers));
            upsert.setArray(column++, connection.createArrayOf("bool", repeatCaller));
            upsert.setArray(column++, connection.createArrayOf("text", endedAt));
            upsert.setArray(column++, connection.createArrayOf("int8", promoWhileRinging));
            for (String[] values : answers) {
                upsert.setArray(column++, connection.createArrayOf("text", values));
            }
            upsert.executeUpdate();
        }
    }

    /** As V8's trigger read it: {@code nullif(answers ->> name, '')}. */
    private static String answer(Map<String, String> answers, String name) {
        String value = Text.clean(answers.get(name));
        return value == null || value.isEmpty() ? null : value;
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : InstantText.iso(instant);
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
                row.getString("seller_department"),
                row.getBoolean("assistant_involved"),
                row.getInt("transfers"),
                row.getBoolean("repeat_caller"),
                instant(row, "ended_at"),
                row.getLong("promo_while_ringing_ms"));
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
