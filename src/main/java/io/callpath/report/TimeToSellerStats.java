package io.callpath.report;

import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The numbers behind {@link TimeToSellerReport}, for tables and benchmarks.
 * Only finished calls (with an outcome) count; live ones are only counted in {@code inProgress}.
 * The outcome counts partition {@code offered}: reached + abandoned + shortAbandons + noSeller + failed.
 *
 * @param target              service-level target
 * @param shortAbandon        abandons that waited at most this long are short abandons
 * @param offered             finished calls
 * @param reachedSeller       calls that reached a seller
 * @param abandoned           callers who hung up after waiting longer than {@code shortAbandon}
 * @param shortAbandons       callers who hung up within {@code shortAbandon}
 * @param noSeller            calls that ended without a seller by design
 * @param failed              calls we failed
 * @param inProgress          calls without an outcome yet (not in {@code offered})
 * @param noSellerReasons     no-seller calls by reason, sorted by reason ("-" when none was given)
 * @param p50Millis           median time-to-seller ({@link Percentiles nearest rank}), or null when no call reached a seller
 * @param p90Millis           90th percentile time-to-seller (nearest rank), or null
 * @param maxMillis           longest time-to-seller, or null
 * @param averageMillis       mean time-to-seller, rounded, or null
 * @param histogram           calls that reached a seller per {@link #BUCKET_LABELS bucket}
 * @param reachedWithinTarget calls that reached a seller within {@code target} (inclusive)
 * @param serviceLevelBase    offered minus short abandons
 * @param averagePhaseMillis  mean ms per phase over calls that reached a seller (a call without the phase adds 0),
 *                            in phase order; they add up to {@code averageMillis} up to rounding
 * @param abandonsByPhase     abandons (short ones included) by the phase the caller hung up in, in phase order
 * @param abandonsWithoutPhase abandons before any phase was entered
 * @param promoWhileRingingCalls calls that reached a seller and heard the line's promo while phones rang
 * @param averagePromoWhileRingingMillis mean ms of promo heard while phones rang, over those calls; 0 when none
 */
public record TimeToSellerStats(
        Duration target,
        Duration shortAbandon,
        int offered,
        int reachedSeller,
        int abandoned,
        int shortAbandons,
        int noSeller,
        int failed,
        int inProgress,
        Map<String, Integer> noSellerReasons,
        Long p50Millis,
        Long p90Millis,
        Long maxMillis,
        Long averageMillis,
        List<Integer> histogram,
        int reachedWithinTarget,
        int serviceLevelBase,
        Map<Phase, Long> averagePhaseMillis,
        Map<Phase, Integer> abandonsByPhase,
        int abandonsWithoutPhase,
        int promoWhileRingingCalls,
        long averagePromoWhileRingingMillis) {

    /** Histogram buckets: lower bound inclusive, upper bound exclusive. */
    public static final List<String> BUCKET_LABELS =
            List.of("0-5 s", "5-10 s", "10-15 s", "15-20 s", "20-30 s", "30-45 s", "45-60 s", "60+ s");

    private static final long[] BUCKET_UPPER_MILLIS = {5_000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000};

    public TimeToSellerStats {
        noSellerReasons = Collections.unmodifiableMap(new TreeMap<>(noSellerReasons));
        histogram = List.copyOf(histogram);
        averagePhaseMillis = Collections.unmodifiableMap(enumMap(averagePhaseMillis));
        abandonsByPhase = Collections.unmodifiableMap(enumMap(abandonsByPhase));
    }

    /** Reached within target / (offered - short abandons), as a fraction; empty when nothing counts. */
    public Optional<Double> serviceLevel() {
        return serviceLevelBase == 0 ? Optional.empty() : Optional.of((double) reachedWithinTarget / serviceLevelBase);
    }

    /** Folds the calls into the numbers. */
    public static TimeToSellerStats of(List<CallSummary> calls, Duration target, Duration shortAbandon) {
        int reached = 0;
        int abandoned = 0;
        int shortAbandons = 0;
        int noSeller = 0;
        int failed = 0;
        int inProgress = 0;
        int withinTarget = 0;
        int abandonsWithoutPhase = 0;
        Map<String, Integer> noSellerReasons = new TreeMap<>();
        List<Long> timesToSeller = new ArrayList<>();
        Integer[] histogram = new Integer[BUCKET_LABELS.size()];
        Arrays.fill(histogram, 0);
        Map<Phase, Long> phaseTotals = new EnumMap<>(Phase.class);
        Map<Phase, Integer> abandonsByPhase = new EnumMap<>(Phase.class);
        int promoCalls = 0;
        long promoTotal = 0;
        for (CallSummary call : calls) {
            Outcome outcome = call.outcome();
            if (outcome == null) {
                inProgress++;
                continue;
            }
            switch (outcome) {
                case REACHED_SELLER -> {
                    reached++;
                    long millis = call.timeToSellerMillis() == null ? call.waitedMillis() : call.timeToSellerMillis();
                    timesToSeller.add(millis);
                    histogram[bucketOf(millis)]++;
                    if (millis <= target.toMillis()) {
                        withinTarget++;
                    }
                    call.phaseMillis()
                            .forEach((phase, phaseMillis) -> phaseTotals.merge(phase, phaseMillis, Long::sum));
                    if (call.promoWhileRingingMillis() > 0) {
                        promoCalls++;
                        promoTotal += call.promoWhileRingingMillis();
                    }
                }
                case ABANDONED -> {
                    if (waitedMillis(call) <= shortAbandon.toMillis()) {
                        shortAbandons++;
                    } else {
                        abandoned++;
                    }
                    if (call.abandonPhase() == null) {
                        abandonsWithoutPhase++;
                    } else {
                        abandonsByPhase.merge(call.abandonPhase(), 1, Integer::sum);
                    }
                }
                case NO_SELLER -> {
                    noSeller++;
                    noSellerReasons.merge(call.outcomeReason() == null ? "-" : call.outcomeReason(), 1, Integer::sum);
                }
                case FAILED -> failed++;
            }
        }
        int offered = reached + abandoned + shortAbandons + noSeller + failed;
        Collections.sort(timesToSeller);
        Map<Phase, Long> averagePhaseMillis = new EnumMap<>(Phase.class);
        for (Map.Entry<Phase, Long> total : phaseTotals.entrySet()) {
            averagePhaseMillis.put(total.getKey(), Math.round((double) total.getValue() / reached));
        }
        return new TimeToSellerStats(
                target,
                shortAbandon,
                offered,
                reached,
                abandoned,
                shortAbandons,
                noSeller,
                failed,
                inProgress,
                noSellerReasons,
                Percentiles.nearestRank(timesToSeller, 0.50),
                Percentiles.nearestRank(timesToSeller, 0.90),
                timesToSeller.isEmpty() ? null : timesToSeller.get(timesToSeller.size() - 1),
                timesToSeller.isEmpty()
                        ? null
                        : Math.round(timesToSeller.stream()
                                .mapToLong(Long::longValue)
                                .average()
                                .orElse(0)),
                List.of(histogram),
                withinTarget,
                offered - shortAbandons,
                averagePhaseMillis,
                abandonsByPhase,
                abandonsWithoutPhase,
                promoCalls,
                promoCalls == 0 ? 0 : Math.round((double) promoTotal / promoCalls));
    }

    /** How long the caller waited before giving up: the phase sum, or arrival to end when no phase was entered. */
    private static long waitedMillis(CallSummary call) {
        if (call.phaseMillis().isEmpty() && call.t0() != null && call.endedAt() != null) {
            return Math.max(0, Duration.between(call.t0(), call.endedAt()).toMillis());
        }
        return call.waitedMillis();
    }

    private static int bucketOf(long millis) {
        for (int i = 0; i < BUCKET_UPPER_MILLIS.length; i++) {
            if (millis < BUCKET_UPPER_MILLIS[i]) {
                return i;
            }
        }
        return BUCKET_UPPER_MILLIS.length;
    }

    private static <V> Map<Phase, V> enumMap(Map<Phase, V> map) {
        Map<Phase, V> ordered = new EnumMap<>(Phase.class);
        ordered.putAll(map);
        return ordered;
    }
}
