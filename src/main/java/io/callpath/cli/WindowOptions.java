package io.callpath.cli;

import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --last}, {@code --from}, {@code --to}: the window of recorded calls report and tune read. */
final class WindowOptions {

    @Option(
            names = "--last",
            paramLabel = "DURATION",
            description = "Calls that arrived within this much time before now, e.g. 30m, 24h, 7d (default: 24h for "
                    + "report, 7d for tune).")
    String last;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description = "Start of the window, ISO-8601 (2026-11-26T09:00:00Z); overrides --last.")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of the window, ISO-8601 (default: now).")
    String to;

    /** The window the options give, {@code defaultLast} before now when none of them is given. */
    TimeWindow window(String defaultLast, Instant now) {
        return TimeWindow.of(last == null ? defaultLast : last, from, to, now);
    }
}
