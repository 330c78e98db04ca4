package io.callpath.report;

import io.callpath.clock.CallSummary;
import java.time.Duration;
import java.util.List;

/** The handbook's "45 seconds" analysis of a set of calls, as terminal text. */
public final class TimeToSellerReport {

    private TimeToSellerReport() {
    }

    /**
     * Renders the time-to-seller histogram, p50/p90, the phase breakdown, service level and abandonment.
     *
     * @param target        service-level target (10 s by default)
     * @param shortAbandon  abandons within this are left out of the service level (5 s by default)
     */
    public static String render(String title, List<CallSummary> calls, Duration target, Duration shortAbandon) {
        throw new UnsupportedOperationException("not built yet");
    }
}
