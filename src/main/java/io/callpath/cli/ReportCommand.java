package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.events.CallSummary;
import io.callpath.report.CallbacksReport;
import io.callpath.report.StatedSourcesReport;
import io.callpath.report.TimeToSellerReport;
import io.callpath.store.CallQueries;
import io.callpath.store.CallbackCounts;
import io.callpath.store.Database;
import io.callpath.store.StatedSources;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code callpath report}: the handbook's "45 seconds" analysis on the user's own calls. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Print time-to-seller, the phase breakdown, service level and abandonment for a time range.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RecordedCallsOptions recordedCalls;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CallpathConfig loaded = recordedCalls.load();
        TimeWindow window = recordedCalls.window.window("24h", Instant.now());
        try (Database recorded = RecordedCallsDatabase.open(loaded)) {
            List<CallSummary> calls = CallQueries.summaries(recorded.dataSource(), window.from(), window.to());
            out.print(TimeToSellerReport.render(
                    "Calls from " + window.from() + " to " + window.to(),
                    calls,
                    loaded.metrics().serviceLevelTarget(),
                    loaded.metrics().shortAbandon()));
            out.print(StatedSourcesReport.render(
                    StatedSources.between(recorded.dataSource(), window.from(), window.to())));
            out.print(
                    CallbacksReport.render(CallbackCounts.between(recorded.dataSource(), window.from(), window.to())));
        }
        out.flush();
        return 0;
    }
}
