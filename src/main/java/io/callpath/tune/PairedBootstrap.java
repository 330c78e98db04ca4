package io.callpath.tune;

import java.util.Arrays;
import java.util.Random;

/**
 * The 95% interval of the difference in service level between two configs run on the same simulated callers
 * (common random numbers): callers are resampled with replacement, the same callers for both configs, so the
 * interval reflects how much the callers' luck could move the difference, not two independent draws.
 */
public final class PairedBootstrap {

    private static final int RESAMPLES = 2_000;

    /**
     * @param low  2.5th percentile of the difference
     * @param high 97.5th percentile
     */
    public record Interval(double low, double high) {
        public boolean above(double value) {
            return low > value;
        }
    }

    private PairedBootstrap() {}

    /** Service level = within / (callers - short abandons), of b minus of a. */
    static Interval serviceLevelDifference(
            boolean[] withinA, boolean[] shortA, boolean[] withinB, boolean[] shortB, long seed) {
        int callers = withinA.length;
        if (callers == 0) {
            return new Interval(0, 0);
        }
        Random random = new Random(seed);
        double[] differences = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            int inA = 0;
            int baseA = 0;
            int inB = 0;
            int baseB = 0;
            for (int k = 0; k < callers; k++) {
                int i = random.nextInt(callers);
                inA += withinA[i] ? 1 : 0;
                baseA += shortA[i] ? 0 : 1;
                inB += withinB[i] ? 1 : 0;
                baseB += shortB[i] ? 0 : 1;
            }
            differences[r] = ratio(inB, baseB) - ratio(inA, baseA);
        }
        Arrays.sort(differences);
        return new Interval(differences[(int) (RESAMPLES * 0.025)], differences[(int) (RESAMPLES * 0.975) - 1]);
    }

    private static double ratio(int count, int base) {
        return base == 0 ? 0 : (double) count / base;
    }
}
