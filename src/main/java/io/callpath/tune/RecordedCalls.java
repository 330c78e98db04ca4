package io.callpath.tune;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.store.CallEventQueries;
import io.callpath.store.CallQueries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The recorded calls of a window: rows of {@code calls} with their {@code call_events}. */
public final class RecordedCalls {

    private RecordedCalls() {}

    /** Every call that arrived in [from, to), oldest first. */
    public static List<RecordedCall> read(DataSource dataSource, Instant from, Instant to) {
        List<CallSummary> summaries = CallQueries.summaries(dataSource, from, to);
        Map<String, List<CallEvent>> events = CallEventQueries.eventsByCall(dataSource, from, to);
        return summaries.stream()
                .map(summary -> new RecordedCall(summary, events.getOrDefault(summary.linkedId(), List.of())))
                .toList();
    }
}
