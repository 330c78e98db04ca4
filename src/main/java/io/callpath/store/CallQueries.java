package io.callpath.store;

import io.callpath.clock.CallSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads calls back for the {@code report} command. */
public final class CallQueries {

    private static final String SUMMARIES = "SELECT " + CallRows.COLUMNS + " FROM calls WHERE t0 >= ? AND t0 < ? ORDER BY t0";

    private CallQueries() {
    }

    /** Every call that arrived in [from, to), oldest first. */
    public static List<CallSummary> summaries(DataSource dataSource, Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection()) {
            // a cursor (fetch size) needs a transaction; months of calls then stream instead of landing in memory at once
            return Transactions.inTransaction(connection, () -> {
                try (PreparedStatement select = connection.prepareStatement(SUMMARIES)) {
                    select.setTimestamp(1, Timestamp.from(from));
                    select.setTimestamp(2, Timestamp.from(to));
                    select.setFetchSize(1_000);
                    List<CallSummary> calls = new ArrayList<>();
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            calls.add(CallRows.read(row));
                        }
                    }
                    return calls;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not read calls from " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
