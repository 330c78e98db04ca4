package io.callpath.tune;

import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.report.TimeToSellerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One candidate simulated on the tune's callers.
 *
 * @param candidate the config change
 * @param calls     one summary per simulated caller, in the callers' order; null where the call broke in the simulator
 * @param stats     p50, p90, service level, abandons of those calls
 * @param thin      the change rests on a model value the data was too thin to fit
 */
record CandidateRun(Candidate candidate, List<CallSummary> calls, TimeToSellerStats stats, boolean thin) {

    CandidateRun {
        calls = java.util.Collections.unmodifiableList(new ArrayList<>(calls));
    }

    static CandidateRun of(
            Candidate candidate, List<CallSummary> paired, Duration target, Duration shortAbandon, boolean thin) {
        List<CallSummary> present =
                paired.stream().filter(java.util.Objects::nonNull).toList();
        return new CandidateRun(candidate, paired, TimeToSellerStats.of(present, target, shortAbandon), thin);
    }

    double serviceLevel() {
        return stats.serviceLevel().orElse(0.0);
    }

    int abandons() {
        return stats.abandoned() + stats.shortAbandons();
    }

    /** Per caller: reached a seller within the target. */
    boolean[] withinTarget(Duration target) {
        boolean[] within = new boolean[calls.size()];
        for (int i = 0; i < within.length; i++) {
            CallSummary call = calls.get(i);
            within[i] = call != null
                    && call.outcome() == Outcome.REACHED_SELLER
                    && call.timeToSellerMillis() != null
                    && call.timeToSellerMillis() <= target.toMillis();
        }
        return within;
    }

    /** Per caller: reached a seller at all. */
    boolean[] reached() {
        boolean[] reached = new boolean[calls.size()];
        for (int i = 0; i < reached.length; i++) {
            reached[i] = calls.get(i) != null && calls.get(i).outcome() == Outcome.REACHED_SELLER;
        }
        return reached;
    }

    /** Per caller: hung up within the short-abandon time (left out of the service level). */
    boolean[] shortAbandons(Duration shortAbandon) {
        boolean[] shortOnes = new boolean[calls.size()];
        for (int i = 0; i < shortOnes.length; i++) {
            CallSummary call = calls.get(i);
            shortOnes[i] = call != null
                    && call.outcome() == Outcome.ABANDONED
                    && call.waitedMillis() <= shortAbandon.toMillis();
        }
        return shortOnes;
    }
}
