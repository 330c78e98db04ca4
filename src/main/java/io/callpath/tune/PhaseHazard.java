package io.callpath.tune;

import io.callpath.events.Phase;

/**
 * How often callers hung up while in one phase: abandons per minute callers spent waiting in it. The caller model
 * has one patience for the whole wait; this table shows whether the phases differ enough to doubt that.
 *
 * @param phase          the phase
 * @param abandons       callers who hung up in it
 * @param exposureMillis time all callers spent in it
 */
public record PhaseHazard(Phase phase, int abandons, long exposureMillis) {

    /** Abandons per minute of waiting in the phase. */
    public double perMinute() {
        return exposureMillis == 0 ? 0 : abandons / (exposureMillis / 60_000.0);
    }

    /** Half the width of the 95% interval of {@link #perMinute()} (Poisson count). */
    public double spreadPerMinute() {
        return exposureMillis == 0 ? 0 : 1.96 * Math.sqrt(Math.max(abandons, 1)) / (exposureMillis / 60_000.0);
    }
}
