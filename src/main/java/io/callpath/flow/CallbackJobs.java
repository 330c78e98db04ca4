package io.callpath.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The callback queue, shared by every callpath server on the database. One open job per number; a number on the
 * do-not-call list is never queued nor called.
 */
public interface CallbackJobs {

    /** Queues {@code request} unless its number has an open job or may not be called. Returns at once. */
    void queue(CallbackRequest request);

    /** Cancels the open job of {@code number}, if any (the caller called in, or a seller reached them). Returns at once. */
    void cancel(String number, String reason, Instant at);

    /**
     * Takes the job due first on one of {@code lines}, if the line has fewer than its maximum of jobs dialling, for
     * one attempt that must end before {@code now + lease}. No two servers ever take the same job.
     */
    Optional<CallbackJob> claim(Set<String> lines, String server, Instant now, Duration lease);

    /**
     * The seller answered the attempt's call; the lease grows to {@code leaseUntil}. Returns at once; completes with
     * true once written while {@code attempt} still held the job (dialling, not retried, cancelled nor ended), false
     * when it no longer did. Only an attempt that got true may dial the caller: so no caller is rung by two attempts.
     */
    CompletableFuture<Boolean> sellerAnswered(CallbackAttempt attempt, String seller, Instant at, Instant leaseUntil);

    /**
     * Whether {@code attempt}, whose seller answered and pressed the accept key at {@code at}, may dial the caller now,
     * asked after its {@link #sellerAnswered} write (and after any cancel handed in before it). When a call from the
     * caller's number arrived after the seller answered, the job ends here ({@code caller_called_in}) and the caller,
     * now in a call with us or just out of one, is not dialled. Returns at once.
     */
    CompletableFuture<Confirmation> confirm(CallbackAttempt attempt, Instant at);

    /** What {@link #confirm} found. */
    enum Confirmation {
        /** The attempt holds the job: dial the caller. */
        HELD,
        /** The job was retried, cancelled or ended before: do not dial, write nothing. */
        NOT_HELD,
        /** The caller called in after the seller answered: the job ended {@code caller_called_in}; do not dial. */
        CALLER_CALLED_IN
    }

    /** The seller pressed the accept key: the caller is dialled now. Nothing to store; a seller's desk shows it. */
    default void sellerAccepted(CallbackAttempt attempt, Instant at) {}

    /** The caller answered: seller and caller talk. The job is done, if {@code attempt} still holds it. */
    void connected(CallbackAttempt attempt, Instant at);

    /**
     * The attempt ended without a conversation: the job waits its back-off, or fails after its last attempt; nothing
     * changes when {@code attempt} no longer holds the job.
     */
    void attemptFailed(CallbackAttempt attempt, String reason, Instant at);

    /**
     * Attempts whose lease ran out (a server died, a phone never answered) count as failed attempts; returns how many.
     * An attempt's lease covers its seller's ringing plus a margin until its seller's answer is written, then the
     * conversation: a retry is claimed only after the lease and the back-off.
     */
    int expireLeases(Instant now);
}
