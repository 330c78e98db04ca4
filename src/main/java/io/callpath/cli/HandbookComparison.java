package io.callpath.cli;

import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.report.TimeToSellerStats;
import java.util.List;
import java.util.Locale;

/** The flows compared on the same callers, as a Markdown table (it goes into README and BENCHMARKS.md too). */
final class HandbookComparison {

    /** Percentiles of time-to-seller shown per flow (nearest rank over the calls that reached a seller). */
    static final double[] PERCENTILES = {0.10, 0.25, 0.50, 0.75, 0.90, 0.99};

    private HandbookComparison() {}

    static String table(List<SimulateCommand.SimulationRun> runs) {
        StringBuilder table = new StringBuilder();
        table.append(
                "| flow | calls | reached a seller | p10 | p25 | p50 | p75 | p90 | p99 | service level | abandoned |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        String target = "";
        for (SimulateCommand.SimulationRun run : runs) {
            TimeToSellerStats stats = TimeToSellerStats.of(
                    run.calls(),
                    run.config().metrics().serviceLevelTarget(),
                    run.config().metrics().shortAbandon());
            target = seconds(stats.target().toMillis()) + " target, short abandons (within "
                    + seconds(stats.shortAbandon().toMillis()) + ") left out";
            List<Long> sorted = run.calls().stream()
                    .filter(call -> call.outcome() == Outcome.REACHED_SELLER && call.timeToSellerMillis() != null)
                    .map(CallSummary::timeToSellerMillis)
                    .sorted()
                    .toList();
            table.append(String.format(
                    Locale.ROOT, "| %s | %d | %d |", run.title(), stats.offered(), stats.reachedSeller()));
            for (double percentile : PERCENTILES) {
                table.append(' ')
                        .append(seconds(nearestRank(sorted, percentile)))
                        .append(" |");
            }
            table.append(String.format(
                    Locale.ROOT,
                    " %s | %d |%n",
                    stats.serviceLevel()
                            .map(level -> String.format(Locale.ROOT, "%.1f%%", level * 100))
                            .orElse("n/a"),
                    stats.abandoned() + stats.shortAbandons()));
        }
        table.append(
                        "\nTime-to-seller percentiles over the calls that reached a seller. Service level = calls that reached ")
                .append("a seller within the target / (calls offered - short abandons); ")
                .append(target)
                .append(".\n");
        return table.toString();
    }

    static Long nearestRank(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String seconds(Long millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
