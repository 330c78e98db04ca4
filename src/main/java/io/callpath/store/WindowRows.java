package io.callpath.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** Streams the rows of a query over a time window [from, to): months of rows never land in memory at once. */
final class WindowRows {

    /** What is done with each row. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private WindowRows() {}

    /**
     * Runs {@code query} (its two parameters: from, to) and hands each row to {@code reader}, fetching
     * {@code fetchSize} rows at a time through a cursor (which needs a transaction).
     */
    static void forEach(DataSource dataSource, String query, Instant from, Instant to, int fetchSize, RowReader reader)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Transactions.runInTransaction(connection, () -> {
                try (PreparedStatement select = connection.prepareStatement(query)) {
                    select.setTimestamp(1, Timestamp.from(from));
                    select.setTimestamp(2, Timestamp.from(to));
                    select.setFetchSize(fetchSize);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            reader.read(row);
                        }
                    }
                }
            });
        }
    }
}
