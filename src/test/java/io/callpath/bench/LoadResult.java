package io.callpath.bench;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a load run saw: calls by outcome, commands answered, AGI sessions completed (a call has up to three),
 * commands we did not know (510 sent back),
 * and the server time per command in nanoseconds (our reply's last byte written to the next command's first byte).
 */
record LoadResult(
        Map<CallOutcome, Long> outcomes,
        long commands,
        long sessions,
        long unknownCommands,
        long elapsedNanos,
        Histogram serverTimeNanos) {

    LoadResult {
        outcomes = Map.copyOf(outcomes);
    }

    long count(CallOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    long completed() {
        return count(CallOutcome.COMPLETED);
    }

    /** Every call that did not complete, plus every command the fake Asterisk could not answer. */
    long errors() {
        return outcomes.entrySet().stream()
                        .filter(entry -> entry.getKey() != CallOutcome.COMPLETED)
                        .mapToLong(Map.Entry::getValue)
                        .sum()
                + unknownCommands;
    }

    /** Completed sessions per completed call: 3 when every peer serves incoming, answered and hangup. */
    double sessionsPerCall() {
        return completed() == 0 ? Double.NaN : (double) sessions / completed();
    }

    /** Commands answered per completed call, over all its sessions. */
    double commandsPerCall() {
        return completed() == 0 ? Double.NaN : (double) commands / completed();
    }

    double callsPerSecond() {
        return elapsedNanos == 0 ? 0 : completed() * 1e9 / elapsedNanos;
    }

    /** Adds another round's result to this one (histograms merged, durations summed). */
    LoadResult plus(LoadResult other) {
        Map<CallOutcome, Long> sum = new EnumMap<>(CallOutcome.class);
        sum.putAll(outcomes);
        other.outcomes.forEach((outcome, count) -> sum.merge(outcome, count, Long::sum));
        Histogram merged = serverTimeNanos.copy();
        merged.add(other.serverTimeNanos);
        return new LoadResult(
                sum,
                commands + other.commands,
                sessions + other.sessions,
                unknownCommands + other.unknownCommands,
                elapsedNanos + other.elapsedNanos,
                merged);
    }

    static LoadResult empty() {
        return new LoadResult(Map.of(), 0, 0, 0, 0, LoadAsterisk.newHistogram());
    }
}
