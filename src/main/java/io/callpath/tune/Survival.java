package io.callpath.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Kaplan–Meier estimate of how soon something happens when some waits were cut off first: G(t), the share of
 * waits in which it happened by t, with Greenwood's standard error. A wait cut off at c says only "not by c", so
 * callers who reached a seller count as patient up to then and never as callers who hung up.
 */
public final class Survival {

    /** Where the estimate stops being trusted: fewer waits than this still running. */
    static final int MIN_AT_RISK = 5;

    private final List<Long> times = new ArrayList<>();
    private final List<Double> cumulative = new ArrayList<>();
    private final List<Double> variance = new ArrayList<>();
    private final int observations;
    private final int events;
    private final long trustedUntil;

    private Survival(List<Observation> data) {
        List<Observation> sorted = new ArrayList<>(data);
        // at equal times the events come first: a wait cut off at t was still at risk at t
        sorted.sort(Comparator.comparingLong(Observation::millis).thenComparing(o -> !o.happened()));
        observations = sorted.size();
        events = (int) sorted.stream().filter(Observation::happened).count();
        double survival = 1;
        double greenwood = 0;
        int atRisk = sorted.size();
        long lastTrusted = 0;
        int index = 0;
        while (index < sorted.size()) {
            long time = sorted.get(index).millis();
            int happened = 0;
            int leaving = 0;
            while (index < sorted.size() && sorted.get(index).millis() == time) {
                happened += sorted.get(index).happened() ? 1 : 0;
                leaving++;
                index++;
            }
            if (atRisk >= MIN_AT_RISK) {
                lastTrusted = time;
            }
            if (happened > 0) {
                survival *= 1 - (double) happened / atRisk;
                if (atRisk > happened) {
                    greenwood += (double) happened / ((double) atRisk * (atRisk - happened));
                }
                times.add(time);
                cumulative.add(1 - survival);
                variance.add(survival * survival * greenwood);
            }
            atRisk -= leaving;
        }
        trustedUntil = lastTrusted;
    }

    public static Survival of(List<Observation> data) {
        return new Survival(data);
    }

    public int observations() {
        return observations;
    }

    public int events() {
        return events;
    }

    /** The longest wait still estimated from at least {@value #MIN_AT_RISK} running waits. */
    public long trustedUntil() {
        return trustedUntil;
    }

    /** G(t): the share of waits in which it happened by {@code millis}. */
    public double happenedBy(long millis) {
        double value = 0;
        for (int i = 0; i < times.size() && times.get(i) <= millis; i++) {
            value = cumulative.get(i);
        }
        return value;
    }

    /** Greenwood's standard error of {@link #happenedBy}. */
    public double standardError(long millis) {
        double value = 0;
        for (int i = 0; i < times.size() && times.get(i) <= millis; i++) {
            value = variance.get(i);
        }
        return Math.sqrt(value);
    }

    /** G at the end of the trusted range: the share of waits in which it happens at all, as far as the data can see. */
    public double plateau() {
        return happenedBy(trustedUntil);
    }

    /** The earliest time by which G reaches {@code share}, or the trusted end when it never does. */
    public long timeReaching(double share) {
        for (int i = 0; i < times.size(); i++) {
            if (cumulative.get(i) >= share - 1e-12) {
                return times.get(i);
            }
        }
        return trustedUntil;
    }
}
