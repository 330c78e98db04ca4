package io.callpath.store;

import io.callpath.events.CallSummary;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads calls back for the {@code report} command. */
public final class CallQueries {

    private static final String SUMMARIES =
            "SELECT " + CallRows.COLUMNS + " FROM calls WHERE t0 >= ? AND t0 < ? ORDER BY t0";

    private CallQueries() {}

    /** Every call that arrived in [from, to), oldest first. */
    public static List<CallSummary> summaries(DataSource dataSource, Instant from, Instant to) {
        List<CallSummary> calls = new ArrayList<>();
        try {
            WindowRows.forEach(dataSource, SUMMARIES, from, to, 1_000, row -> calls.add(CallRows.read(row)));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not read calls from " + from + " to " + to + ": " + e.getMessage(), e);
        }
        return calls;
    }
}
