package io.callpath.report;

import io.callpath.store.CallbackCounts;
import java.util.List;
import java.util.Locale;

/** The report's callback section: per line, callbacks queued, done (leads recovered), failed, and time-to-callback. */
public final class CallbacksReport {

    private CallbacksReport() {}

    public static String render(List<CallbackCounts.Row> rows) {
        StringBuilder out =
                new StringBuilder("\nCallbacks (callers who hung up, or took the offered callback, in the range)\n");
        if (rows.isEmpty()) {
            return out.append("  none queued\n").toString();
        }
        out.append(String.format(
                Locale.ROOT,
                "  %-12s %7s %8s %6s %7s %10s %5s %10s %10s%n",
                "line",
                "queued",
                "offered",
                "done",
                "failed",
                "cancelled",
                "open",
                "ttc p50",
                "ttc p90"));
        long queued = 0;
        long done = 0;
        for (CallbackCounts.Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-12s %7d %8d %6d %7d %10d %5d %10s %10s%n",
                    cut(row.line()),
                    row.queued(),
                    row.offered(),
                    row.done(),
                    row.failed(),
                    row.cancelled(),
                    row.open(),
                    seconds(row.p50Millis()),
                    seconds(row.p90Millis())));
            queued += row.queued();
            done += row.done();
        }
        out.append(String.format(
                Locale.ROOT,
                "  Leads recovered: %d of %d callbacks queued (a seller talked to the caller)."
                        + " ttc = time-to-callback, from the caller's hang-up (or key press) to talking, over the done ones.%n",
                done,
                queued));
        return out.toString();
    }

    private static String seconds(Long millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String cut(String line) {
        String printable = line.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 12 ? printable.substring(0, 11) + "…" : printable;
    }
}
