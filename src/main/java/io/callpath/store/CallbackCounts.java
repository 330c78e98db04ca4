package io.callpath.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The callbacks of a time range per line ({@code callbacks}, V9): what the report and the simulator's record show. */
public final class CallbackCounts {

    private static final String QUERY = "SELECT line, count(*) AS queued, "
            + "count(*) FILTER (WHERE origin = 'offered') AS offered, "
            + "count(*) FILTER (WHERE state = 'done') AS done, "
            + "count(*) FILTER (WHERE state = 'failed') AS failed, "
            + "count(*) FILTER (WHERE state = 'cancelled') AS cancelled, "
            + "count(*) FILTER (WHERE state IN ('queued', 'dialing')) AS open, "
            + "percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_callback_ms) AS p50, "
            + "percentile_disc(0.9) WITHIN GROUP (ORDER BY time_to_callback_ms) AS p90 "
            + "FROM callbacks WHERE hung_up_at >= ? AND hung_up_at < ? GROUP BY line ORDER BY line";

    private CallbackCounts() {}

    /**
     * One line's callbacks whose caller hung up (or pressed the offer key) in the range.
     *
     * @param queued    jobs queued (automatic and offered)
     * @param offered   of them, callers who took the offered callback
     * @param done      a seller talked to the caller: leads recovered
     * @param failed    every attempt used up
     * @param cancelled the caller called in first, or do-not-call
     * @param open      still queued or dialling
     * @param p50Millis time-to-callback (hang-up to talking) p50, nearest rank over the done ones; null when none
     * @param p90Millis the same, p90
     */
    public record Row(
            String line,
            long queued,
            long offered,
            long done,
            long failed,
            long cancelled,
            long open,
            Long p50Millis,
            Long p90Millis) {}

    public static List<Row> between(DataSource dataSource, Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(QUERY)) {
            select.setTimestamp(1, Timestamp.from(from));
            select.setTimestamp(2, Timestamp.from(to));
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(
                            row.getString("line"),
                            row.getLong("queued"),
                            row.getLong("offered"),
                            row.getLong("done"),
                            row.getLong("failed"),
                            row.getLong("cancelled"),
                            row.getLong("open"),
                            row.getObject("p50") == null ? null : row.getLong("p50"),
                            row.getObject("p90") == null ? null : row.getLong("p90")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the callbacks: " + e.getMessage(), e);
        }
    }
}
