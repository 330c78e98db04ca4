package io.callpath.threads;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a retry loop waits: {@code first} after the first failure, doubled after each further one up to {@code max};
 * the loop starts again at {@code first} after a success.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        Objects.requireNonNull(first, "first == null");
        Objects.requireNonNull(max, "max == null");
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("first must be positive: " + first);
        }
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("max " + max + " is less than first " + first);
        }
    }

    /** The wait after {@code delay}: twice it, at most {@link #max()}. */
    public Duration after(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
