package io.callpath.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

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

    /** The seller took the callback (answered and heard the whisper); the lease grows to {@code leaseUntil}. */
    void sellerAnswered(long jobId, String seller, Instant at, Instant leaseUntil);

    /** The seller pressed the accept key: the caller is dialled now. Nothing to store; a seller's desk shows it. */
    default void sellerAccepted(long jobId, Instant at) {}

    /** The caller answered: seller and caller talk. The job is done. */
    void connected(long jobId, Instant at);

    /** The attempt ended without a conversation: the job waits its back-off, or fails after its last attempt. */
    void attemptFailed(long jobId, String reason, Instant at);

    /** Attempts whose lease ran out (a server died, a phone never answered) count as failed attempts; returns how many. */
    int expireLeases(Instant now);
}
