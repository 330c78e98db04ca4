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

/** The line's lead source against what callers told the assistant desk ({@code calls.stated_source}, V8). */
public final class StatedSources {

    private static final String QUERY = "SELECT coalesce(source, '') AS line_source, stated_source, count(*) AS calls "
            + "FROM calls WHERE t0 >= ? AND t0 < ? GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2 NULLS FIRST";

    private StatedSources() {}

    /**
     * One row per (line source, stated source) of the calls that arrived in [from, to).
     *
     * @param statedSource null where nobody asked
     */
    public record Row(String lineSource, String statedSource, long calls) {}

    public static List<Row> between(DataSource dataSource, Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(QUERY)) {
            select.setTimestamp(1, Timestamp.from(from));
            select.setTimestamp(2, Timestamp.from(to));
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(
                            row.getString("line_source"), row.getString("stated_source"), row.getLong("calls")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stated sources: " + e.getMessage(), e);
        }
    }
}
