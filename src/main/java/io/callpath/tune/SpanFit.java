package io.callpath.tune;

import io.callpath.sim.Span;
import java.time.Duration;

/**
 * A uniform span {@code a..b} (the caller model's shape for times) matched to an estimated distribution: the span
 * whose 10th and 90th percentiles are the data's. Percentiles, not the extremes, so one odd call does not stretch it.
 */
final class SpanFit {

    private static final double LOW = 0.1;
    private static final double HIGH = 0.9;
    /** Spans are written to the nearest 100 ms. */
    private static final long STEP_MILLIS = 100;

    private SpanFit() {}

    /**
     * The span of the waits in which it happened, from {@code survival} where a share {@code share} of all waits
     * would see it at all (1 when everyone gets there eventually; the plateau for "some never do"). Where the
     * data sees only part of that share (phones cut off by the ring timeout), the percentiles are taken within
     * the part seen and extended as a uniform would.
     */
    static Span of(Survival survival, double share) {
        if (survival.events() == 0 || share <= 0) {
            return Span.of(Duration.ZERO);
        }
        double seen = Math.min(1, survival.plateau() / share);
        double low = LOW * seen;
        double high = HIGH * seen;
        long lowTime = survival.timeReaching(low * share);
        long highTime = survival.timeReaching(high * share);
        double width = (highTime - lowTime) / (high - low);
        double start = lowTime - low * width;
        long min = round(Math.max(0, start));
        long max = Math.max(min, round(start + width));
        return new Span(Duration.ofMillis(min), Duration.ofMillis(max));
    }

    private static long round(double millis) {
        return Math.round(millis / STEP_MILLIS) * STEP_MILLIS;
    }
}
