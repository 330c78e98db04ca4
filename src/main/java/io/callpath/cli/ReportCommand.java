package io.callpath.cli;

import io.callpath.clock.CallSummary;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.report.CallbacksReport;
import io.callpath.report.StatedSourcesReport;
import io.callpath.report.TimeToSellerReport;
import io.callpath.store.CallbackCounts;
import io.callpath.store.StatedSources;
import io.callpath.store.CallQueries;
import io.callpath.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callpath report}: the handbook's "45 seconds" analysis on the user's own calls. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print time-to-seller, the phase breakdown, service level and abandonment for a time range.")
final class ReportCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--last", paramLabel = "DURATION", defaultValue = "24h",
            description = "Calls that arrived within this much time before now, e.g. 30m, 24h, 7d (default: ${DEFAULT-VALUE}).")
    String last;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Start of the range, ISO-8601 (2026-11-26T09:00:00Z); overrides --last.")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of the range, ISO-8601 (default: now).")
    String to;

    @Override
    public Integer call() {
        CallpathConfig loaded = ConfigLoader.load(config.file);
        TimeWindow window = TimeWindow.of(last, from, to, Instant.now());
        try (Database database = RecordedCallsDatabase.open(loaded)) {
            List<CallSummary> calls = CallQueries.summaries(database.dataSource(), window.from(), window.to());
            System.out.print(TimeToSellerReport.render("Calls from " + window.from() + " to " + window.to(), calls,
                    loaded.metrics().serviceLevelTarget(), loaded.metrics().shortAbandon()));
            System.out.print(StatedSourcesReport.render(StatedSources.between(database.dataSource(), window.from(), window.to())));
            System.out.print(CallbacksReport.render(CallbackCounts.between(database.dataSource(), window.from(), window.to())));
        }
        return 0;
    }
}
