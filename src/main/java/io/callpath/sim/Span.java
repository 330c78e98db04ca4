package io.callpath.sim;

import java.time.Duration;
import java.util.Random;

/**
 * A range of audio time a model value is drawn from, uniformly; {@code min == max} is a fixed value.
 *
 * @param min shortest, inclusive
 * @param max longest, inclusive
 */
public record Span(Duration min, Duration max) {

    public Span {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("span must satisfy 0 <= min <= max, was " + min + ".." + max);
        }
    }

    public static Span of(Duration fixed) {
        return new Span(fixed, fixed);
    }

    /** A value in [min, max] at millisecond resolution. */
    public Duration draw(Random random) {
        long spread = max.toMillis() - min.toMillis();
        return spread == 0 ? min : min.plusMillis((long) (random.nextDouble() * (spread + 1)));
    }

    /** As written in a model: {@code 3s} or {@code 2s..8s}. */
    @Override
    public String toString() {
        return min.equals(max) ? ModelText.duration(min) : ModelText.duration(min) + ".." + ModelText.duration(max);
    }
}
