package io.callpath.report;

import java.util.List;

/**
 * The one definition of a percentile in callpath: nearest rank. The q-th percentile of n sorted values is the
 * value at rank ceil(q * n) (1-based): always a value that was measured, never an interpolation. PostgreSQL's
 * {@code percentile_disc(q)} is the same definition, so the report, the SQL views (V3) and the wallboard agree.
 */
public final class Percentiles {

    private Percentiles() {}

    /** The nearest-rank {@code quantile} (0 < quantile <= 1) of {@code sorted} (ascending), or null when it is empty. */
    public static Long nearestRank(List<Long> sorted, double quantile) {
        if (quantile <= 0 || quantile > 1) {
            throw new IllegalArgumentException("quantile must be in (0, 1], was " + quantile);
        }
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
