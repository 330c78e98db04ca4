package io.callpath.report;

import io.callpath.events.CallSummary;
import io.callpath.events.Phase;
import io.callpath.logs.LogText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The handbook's "45 seconds" analysis of a set of calls, as terminal text. */
public final class TimeToSellerReport {

    /** Every line fits a 100-column terminal. */
    public static final int MAX_WIDTH = 100;

    private static final int BAR_WIDTH = 40;

    private TimeToSellerReport() {}

    /**
     * Renders the time-to-seller histogram, p50/p90, the phase breakdown, service level and abandonment.
     * The text depends on its arguments only (no current time), so equal inputs give equal text.
     *
     * @param target        service-level target (10 s by default)
     * @param shortAbandon  abandons within this are left out of the service level (5 s by default)
     */
    public static String render(String title, List<CallSummary> calls, Duration target, Duration shortAbandon) {
        return render(title, TimeToSellerStats.of(calls, target, shortAbandon));
    }

    /** Renders numbers already folded, e.g. from the database's views. */
    public static String render(String title, TimeToSellerStats stats) {
        Lines out = new Lines();
        String heading = fit("Time to seller: " + printable(title));
        out.add(heading);
        out.add("=".repeat(heading.length()));
        calls(out, stats);
        timeToSeller(out, stats);
        serviceLevel(out, stats);
        whereTheSecondsGo(out, stats);
        abandonment(out, stats);
        return out.toString();
    }

    private static void calls(Lines out, TimeToSellerStats stats) {
        out.add("");
        out.add("Calls");
        out.add(count(
                "offered",
                stats.offered(),
                stats.inProgress() == 0
                        ? "finished calls"
                        : "finished calls; " + stats.inProgress() + " still in progress not counted"));
        out.add(count("reached a seller", stats.reachedSeller(), ""));
        out.add(count("abandoned", stats.abandoned(), "hung up after more than " + seconds(stats.shortAbandon())));
        out.add(count("short abandons", stats.shortAbandons(), "hung up within " + seconds(stats.shortAbandon())));
        StringJoiner reasons = new StringJoiner(", ");
        stats.noSellerReasons().forEach((reason, number) -> reasons.add(printable(reason) + " " + number));
        out.add(count("no seller", stats.noSeller(), reasons.toString()));
        out.add(count("failed", stats.failed(), stats.failed() == 0 ? "" : "our errors: see the server log"));
    }

    private static void timeToSeller(Lines out, TimeToSellerStats stats) {
        out.add("");
        if (stats.reachedSeller() == 0) {
            out.add("Time to seller: no call reached a seller");
            return;
        }
        out.add("Time to seller (" + stats.reachedSeller() + " calls that reached a seller)");
        out.add("  p50 " + millis(stats.p50Millis()) + "   p90 " + millis(stats.p90Millis()) + "   max "
                + millis(stats.maxMillis()) + "   average " + millis(stats.averageMillis()) + "   target "
                + seconds(stats.target()));
        int largest =
                stats.histogram().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int i = 0; i < stats.histogram().size(); i++) {
            int number = stats.histogram().get(i);
            out.add(String.format(
                    Locale.ROOT,
                    "  %-8s %-" + BAR_WIDTH + "s %5d",
                    TimeToSellerStats.BUCKET_LABELS.get(i),
                    bar(number, largest),
                    number));
        }
    }

    private static void serviceLevel(Lines out, TimeToSellerStats stats) {
        out.add("");
        String level = stats.serviceLevel()
                .map(fraction -> String.format(Locale.ROOT, "%.1f%%", fraction * 100))
                .orElse("n/a");
        out.add("Service level " + level + " (" + stats.reachedWithinTarget() + " of " + stats.serviceLevelBase()
                + ")");
        out.add("  = calls that reached a seller within " + seconds(stats.target())
                + " / (calls offered - abandons within " + seconds(stats.shortAbandon()) + ")");
    }

    private static void whereTheSecondsGo(Lines out, TimeToSellerStats stats) {
        if (stats.reachedSeller() == 0) {
            return;
        }
        out.add("");
        out.add("Where the seconds go (average per call that reached a seller)");
        long total = stats.averagePhaseMillis().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        for (Map.Entry<Phase, Long> phase : stats.averagePhaseMillis().entrySet()) {
            long average = phase.getValue();
            double share = total == 0 ? 0 : (double) average / total;
            out.add(String.format(
                    Locale.ROOT,
                    "  %-18s %8s  %-" + BAR_WIDTH + "s %4.0f%%",
                    phase.getKey().key(),
                    millis(average),
                    bar(Math.round(share * BAR_WIDTH), BAR_WIDTH),
                    share * 100));
        }
        out.add(String.format(Locale.ROOT, "  %-18s %8s", "total", millis(total)));
        if (stats.promoWhileRingingCalls() > 0) {
            out.add(fit(String.format(
                    Locale.ROOT,
                    "  %-18s %8s  heard by %d of %d while phones rang (inside the phases above)",
                    "promo",
                    millis(stats.averagePromoWhileRingingMillis()),
                    stats.promoWhileRingingCalls(),
                    stats.reachedSeller())));
        }
    }

    private static void abandonment(Lines out, TimeToSellerStats stats) {
        int abandons = stats.abandoned() + stats.shortAbandons();
        out.add("");
        if (abandons == 0) {
            out.add("Abandoned by phase: no caller hung up while waiting");
            return;
        }
        out.add("Abandoned by phase (" + abandons + " abandons, short ones included)");
        int largest = stats.abandonsByPhase().values().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
        largest = Math.max(largest, stats.abandonsWithoutPhase());
        for (Map.Entry<Phase, Integer> phase : stats.abandonsByPhase().entrySet()) {
            out.add(abandonLine(phase.getKey().key(), phase.getValue(), largest, abandons));
        }
        if (stats.abandonsWithoutPhase() > 0) {
            out.add(abandonLine("before any phase", stats.abandonsWithoutPhase(), largest, abandons));
        }
    }

    private static String abandonLine(String label, int number, int largest, int abandons) {
        return String.format(
                Locale.ROOT,
                "  %-18s %5d  %-" + BAR_WIDTH + "s %4.0f%%",
                label,
                number,
                bar(number, largest),
                100.0 * number / abandons);
    }

    private static String count(String label, int number, String note) {
        String line = String.format(Locale.ROOT, "  %-18s %5d", label, number);
        return note.isEmpty() ? line : fit(line + "  " + note);
    }

    /** A bar of '#' scaled so {@code largest} fills the width; anything above zero shows at least one. */
    private static String bar(long number, long largest) {
        if (number <= 0 || largest <= 0) {
            return "";
        }
        return "#".repeat((int) Math.max(1, Math.round((double) number * BAR_WIDTH / largest)));
    }

    private static String millis(Long millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis(millis);
    }

    private static String fit(String line) {
        return line.length() <= MAX_WIDTH ? line : line.substring(0, MAX_WIDTH);
    }

    /** Titles and reasons come from config and events: keep control characters out of the terminal. */
    private static String printable(String text) {
        return LogText.withControlsAs(text, ' ');
    }

    /** Lines joined by '\n', the last one terminated too. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();

        void add(String line) {
            text.append(line.stripTrailing()).append('\n');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
