package io.callpath.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A callback to queue: call {@code number} back on behalf of {@code line}.
 *
 * @param number      the caller's number
 * @param line        the line they called
 * @param department  whose sellers call back
 * @param linkedId    the call they hung up on
 * @param origin      "abandoned" (hung up while waiting) or "offered" (pressed the callback key)
 * @param hungUpAt    the caller's hang-up
 * @param waited      t0 to hang-up
 * @param dueAt       the first attempt starts no earlier
 * @param maxAttempts attempts before the job fails
 * @param retryAfter  back-off before the second attempt (doubled for each later one)
 * @param maxBusy     at most this many of the line's callbacks dialling at once
 */
public record CallbackRequest(
        String number,
        String line,
        String department,
        String linkedId,
        String origin,
        Instant hungUpAt,
        Duration waited,
        Instant dueAt,
        int maxAttempts,
        Duration retryAfter,
        int maxBusy) {

    public CallbackRequest {
        Objects.requireNonNull(number, "number == null");
        Objects.requireNonNull(line, "line == null");
        Objects.requireNonNull(department, "department == null");
        Objects.requireNonNull(linkedId, "linkedId == null");
        Objects.requireNonNull(origin, "origin == null");
        Objects.requireNonNull(hungUpAt, "hungUpAt == null");
        Objects.requireNonNull(waited, "waited == null");
        Objects.requireNonNull(dueAt, "dueAt == null");
        Objects.requireNonNull(retryAfter, "retryAfter == null");
    }
}
