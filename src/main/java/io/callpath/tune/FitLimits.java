package io.callpath.tune;

/**
 * When recorded calls are too few to trust.
 *
 * @param minCalls  calls of the line below which nothing is decided
 * @param minEvents events (keys, hang-ups, answers) a time span needs, and twice as many observations a share
 *                  needs, before it replaces the base model's value
 */
public record FitLimits(int minCalls, int minEvents) {

    public FitLimits {
        if (minCalls < 1 || minEvents < 1) {
            throw new IllegalArgumentException(
                    "minCalls and minEvents must be at least 1, were " + minCalls + ", " + minEvents);
        }
    }

    public static FitLimits defaults() {
        return new FitLimits(200, 20);
    }
}
