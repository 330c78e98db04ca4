package io.callpath.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Who called before: lets a repeat caller skip the promo and reach the seller they spoke with last. */
public interface CallerHistory {

    /**
     * The caller's previous call within {@code window}, other than the call {@code currentLinkedId}.
     * Answers within its own time budget; a slow or failed lookup answers empty (a new caller), never throws.
     */
    Optional<PreviousCall> lookup(String callerNumber, String currentLinkedId, Duration window);

    /** Remembers that {@code seller} (null when none was reached) handled a call of this caller at {@code at}. */
    void remember(String callerNumber, String linkedId, String seller, Instant at);

    /**
     * A caller's previous call.
     *
     * @param lastCallAt  when it arrived
     * @param lastSeller  the dial string of the seller who last spoke with the caller, or null
     */
    record PreviousCall(Instant lastCallAt, String lastSeller) {
        public Optional<String> seller() {
            return Optional.ofNullable(lastSeller);
        }
    }
}
