package io.callpath.flow;

import java.time.Instant;

/**
 * A callback claimed by this server for one attempt.
 *
 * @param id          the job
 * @param number      who to call back
 * @param line        the line they called
 * @param department  whose sellers call back
 * @param attempt     1 for the first attempt
 * @param hungUpAt    the caller's hang-up
 * @param waitedMillis how long they had waited before hanging up
 */
public record CallbackJob(
        long id, String number, String line, String department, int attempt, Instant hungUpAt, long waitedMillis) {

    /** This attempt, as its writes name it. */
    public CallbackAttempt thisAttempt() {
        return new CallbackAttempt(id, attempt);
    }
}
