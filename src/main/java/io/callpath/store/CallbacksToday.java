package io.callpath.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The wallboard's callbacks per line ({@code callbacks}, V9): the open ones now, whenever their caller hung up, and
 * those that ended since the start of the day. Read on the wallboard's refresh thread, never on a call's.
 */
public final class CallbacksToday {

    /** Its OR reads V13's callbacks_ended_at and V9's open-jobs index, not the table (CallbacksTodayPlanTest). */
    static final String QUERY = "SELECT line, "
            + "count(*) FILTER (WHERE state = 'queued') AS queued, "
            + "count(*) FILTER (WHERE state = 'dialing') AS dialing, "
            + "count(*) FILTER (WHERE state = 'done' AND ended_at >= ?) AS done, "
            + "count(*) FILTER (WHERE state = 'failed' AND ended_at >= ?) AS failed, "
            + "percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_callback_ms) "
            + "FILTER (WHERE state = 'done' AND ended_at >= ?) AS p50 "
            + "FROM callbacks WHERE state IN ('queued', 'dialing') OR ended_at >= ? GROUP BY line ORDER BY line";

    private CallbacksToday() {}

    /**
     * One line's callbacks.
     *
     * @param queued    waiting for their next attempt now
     * @param dialing   an attempt under way now (a seller's phone rings, they hear the whisper, or talk)
     * @param done      a seller talked to the caller today: leads recovered
     * @param failed    every attempt used up today
     * @param p50Millis time-to-callback (hang-up or key press to talking) p50, nearest rank over today's done ones;
     *                  null when none
     */
    public record Row(String line, long queued, long dialing, long done, long failed, Long p50Millis) {}

    /** The lines' callbacks open now or ended since {@code dayStart}; {@code timeout} bounds the query. */
    public static List<Row> since(DataSource dataSource, Instant dayStart, Duration timeout) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(QUERY)) {
            select.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            Timestamp from = Timestamp.from(dayStart);
            for (int i = 1; i <= 4; i++) {
                select.setTimestamp(i, from);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(
                            row.getString("line"),
                            row.getLong("queued"),
                            row.getLong("dialing"),
                            row.getLong("done"),
                            row.getLong("failed"),
                            row.getObject("p50") == null ? null : row.getLong("p50")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the callbacks: " + e.getMessage(), e);
        }
    }
}
