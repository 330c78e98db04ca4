package io.callpath.clock;

import java.util.List;

/** Folds a call's events, from every session and in any order, into its summary. */
public final class CallTimeline {

    private CallTimeline() {
    }

    /** The summary of one call; {@code events} may be incomplete (a live call) or contain duplicates. */
    public static CallSummary summarize(String linkedId, List<CallEvent> events) {
        throw new UnsupportedOperationException("not built yet");
    }
}
