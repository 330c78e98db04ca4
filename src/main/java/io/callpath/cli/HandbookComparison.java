package io.callpath.cli;

import io.callpath.report.TimeToSellerStats;
import java.util.List;
import java.util.Locale;

/** The handbook's flow against callpath's on the same callers, as a Markdown table (it goes into BENCHMARKS.md too). */
final class HandbookComparison {

    private HandbookComparison() {
    }

    static String table(List<SimulateCommand.SimulationRun> runs) {
        StringBuilder table = new StringBuilder();
        table.append("| flow | calls | reached a seller | time-to-seller p50 | p90 | service level | abandoned |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|\n");
        String target = "";
        for (SimulateCommand.SimulationRun run : runs) {
            TimeToSellerStats stats = TimeToSellerStats.of(run.calls(), run.config().metrics().serviceLevelTarget(),
                    run.config().metrics().shortAbandon());
            target = seconds(stats.target().toMillis()) + " target, short abandons (within "
                    + seconds(stats.shortAbandon().toMillis()) + ") left out";
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %d |%n", run.title(), stats.offered(),
                    stats.reachedSeller(), seconds(stats.p50Millis()), seconds(stats.p90Millis()),
                    stats.serviceLevel().map(level -> String.format(Locale.ROOT, "%.1f%%", level * 100)).orElse("n/a"),
                    stats.abandoned() + stats.shortAbandons()));
        }
        table.append("\nService level = calls that reached a seller within the target / (calls offered - short abandons); ")
                .append(target).append(".\n");
        return table.toString();
    }

    private static String seconds(Long millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
