package io.callpath.tune;

import java.util.List;
import java.util.Set;

/**
 * How {@code tune} simulates.
 *
 * @param calls       simulated callers per candidate (the same callers for every candidate)
 * @param seed        seed of the callers' draws
 * @param concurrency calls at once
 * @param timeScale   real seconds per audio second; in-process the numbers do not depend on it
 * @param groups      which kinds of change to try ({@link Candidates#GROUPS})
 * @param limits      when the data is too thin
 */
public record TuneSettings(
        int calls, long seed, int concurrency, double timeScale, Set<String> groups, FitLimits limits) {

    public TuneSettings {
        groups = Set.copyOf(groups);
        List<String> unknown = groups.stream()
                .filter(group -> !Candidates.GROUPS.contains(group))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown change group(s) " + unknown + "; use some of " + Candidates.GROUPS);
        }
        if (calls < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "calls and concurrency must be at least 1, were " + calls + ", " + concurrency);
        }
    }

    public static List<String> allGroups() {
        return Candidates.GROUPS;
    }
}
