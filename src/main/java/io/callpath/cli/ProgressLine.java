package io.callpath.cli;

import io.callpath.sim.LoadRun;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a simulation got on stderr: one line rewritten with {@code \r} on a terminal, a plain line now and
 * then otherwise (logs, CI), or nothing.
 */
final class ProgressLine implements LoadRun.Listener {

    /** How progress is shown. */
    enum Style {
        AUTO,
        BAR,
        LINES,
        NONE
    }

    private static final int BAR_WIDTH = 30;
    private static final long BAR_EVERY_NANOS = 100_000_000L;
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final Style style;
    private final String label;
    private final LongSupplier nanoTime;
    private long lastShown = Long.MIN_VALUE;
    private int lastTenth = -1;

    ProgressLine(PrintWriter out, Style style, String label, LongSupplier nanoTime) {
        this.out = out;
        this.style = style == Style.AUTO ? (stderrLooksLikeATerminal() ? Style.BAR : Style.LINES) : style;
        this.label = label;
        this.nanoTime = nanoTime;
    }

    /**
     * Java 17 cannot ask whether stderr is a terminal; a console (stdin and stdout are terminals) and a TERM that is
     * not "dumb" is the closest sign. {@code --progress} overrides the guess.
     */
    static boolean stderrLooksLikeATerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isBlank() && !term.equals("dumb");
    }

    @Override
    public synchronized void callEnded(int done, int total, int errors) {
        long now = nanoTime.getAsLong();
        boolean last = done == total;
        switch (style) {
            case BAR -> {
                if (last || lastShown == Long.MIN_VALUE || now - lastShown >= BAR_EVERY_NANOS) {
                    lastShown = now;
                    int filled = total == 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
                    out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + done
                            + "/" + total + " calls" + (errors == 0 ? "" : ", " + errors + " broken")
                            + (last ? "\n" : ""));
                    out.flush();
                }
            }
            case LINES -> {
                int tenth = total == 0 ? 10 : done * 10 / total;
                if (last || tenth > lastTenth && (lastShown == Long.MIN_VALUE || now - lastShown >= LINE_EVERY_NANOS)) {
                    lastShown = now;
                    lastTenth = tenth;
                    out.println(String.format(
                            Locale.ROOT,
                            "%s: %d/%d calls done%s",
                            label,
                            done,
                            total,
                            errors == 0 ? "" : ", " + errors + " broken"));
                }
            }
            default -> {}
        }
    }
}
