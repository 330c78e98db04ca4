package io.callpath.cli;

import io.callpath.clock.CallSummary;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.Durations;
import io.callpath.report.StatedSourcesReport;
import io.callpath.report.TimeToSellerReport;
import io.callpath.store.StatedSources;
import io.callpath.store.CallQueries;
import io.callpath.store.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        Instant end = to == null ? Instant.now() : instant("--to", to);
        Instant start = from == null ? end.minus(duration(last)) : instant("--from", from);
        Map<String, String> environment = new HashMap<>(System.getenv());
        RunningEmbeddedDatabase.url(loaded.database().dataDirectory())
                .filter(url -> !environment.containsKey("CALLPATH_DATABASE_URL") && loaded.database().externalUrl().isEmpty())
                .ifPresent(url -> environment.put("CALLPATH_DATABASE_URL", url));
        try (Database database = Database.start(loaded.database(), environment)) {
            List<CallSummary> calls = CallQueries.summaries(database.dataSource(), start, end);
            System.out.print(TimeToSellerReport.render("Calls from " + start + " to " + end, calls,
                    loaded.metrics().serviceLevelTarget(), loaded.metrics().shortAbandon()));
            System.out.print(StatedSourcesReport.render(StatedSources.between(database.dataSource(), start, end)));
        }
        return 0;
    }

    private static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not an ISO-8601 instant; write it like 2026-11-26T09:00:00Z");
        }
    }

    static Duration duration(String text) {
        return Durations.parse(text.toLowerCase(java.util.Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
                "--last '" + text + "' is not a duration; write it like 30m, 24h or 7d"));
    }
}
