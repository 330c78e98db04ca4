package io.callpath.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Who called before: lets a repeat caller skip the promo and reach the seller they spoke with last. */
public interface CallerHistory {

    /**
     * The caller's previous call within {@code window}, other than the call {@code currentLinkedId}.
     * Answers within its own time budget; a slow or failed lookup answers empty (a new caller), never throws.
     */
    Optional<PreviousCall> lookup(String callerNumber, String currentLinkedId, Duration window);

    /**
     * {@link #lookup} started now and answered later, so the call can go on (ANSWER, variables) while the database
     * works. The future completes within the lookup's own time budget and never exceptionally: failures answer empty.
     * This default looks up at once, for histories that answer from memory.
     */
    default CompletableFuture<Optional<PreviousCall>> lookupAsync(
            String callerNumber, String currentLinkedId, Duration window) {
        return CompletableFuture.completedFuture(lookup(callerNumber, currentLinkedId, window));
    }

    /**
     * Remembers that {@code seller} (null when none was reached), rung for {@code department} (null when unknown),
     * handled a call of this caller at {@code at}.
     */
    void remember(String callerNumber, String linkedId, String seller, String department, Instant at);

    /**
     * A caller's previous call.
     *
     * @param lastCallAt  when it arrived
     * @param lastSeller  the dial string of the seller who last spoke with the caller, or null
     * @param lastDepartment the department that seller was rung for on that call, or null
     */
    record PreviousCall(Instant lastCallAt, String lastSeller, String lastDepartment) {

        /** A previous call without a known department. */
        public PreviousCall(Instant lastCallAt, String lastSeller) {
            this(lastCallAt, lastSeller, null);
        }

        public Optional<String> seller() {
            return Optional.ofNullable(lastSeller);
        }

        public Optional<String> department() {
            return Optional.ofNullable(lastDepartment);
        }
    }
}
