package io.callpath.pbx;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * callpath-minus-CEL deltas per scenario (time-to-seller unless the scenario names another moment), appended to
 * {@code target/pbx-deltas.txt} (emptied once per test JVM) and printed: scenario, calls at once, n, max |delta|,
 * median delta, in milliseconds.
 */
public final class PbxDeltas {

    public static final Path FILE = Path.of("target", "pbx-deltas.txt");
    private static final String FORMAT = "%-58s %9s %5s %12s %12s%n";
    private static boolean started;

    private PbxDeltas() {}

    /** Records one scenario's deltas; {@code callsAtOnce} is how many calls ran at the same time. */
    public static synchronized String record(String scenario, int callsAtOnce, List<Double> deltas) {
        if (deltas.isEmpty()) {
            throw new IllegalArgumentException("no deltas for " + scenario);
        }
        List<Double> sorted = new ArrayList<>(deltas);
        sorted.sort(Double::compare);
        double median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        double maxAbsolute = sorted.stream().mapToDouble(Math::abs).max().orElseThrow();
        String line = String.format(
                Locale.ROOT,
                FORMAT,
                scenario,
                callsAtOnce,
                sorted.size(),
                String.format(Locale.ROOT, "%.1f", maxAbsolute),
                String.format(Locale.ROOT, "%.1f", median));
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                started = true;
                Files.writeString(
                        FILE,
                        String.format(
                                Locale.ROOT,
                                FORMAT,
                                "scenario (callpath - CEL, ms; time-to-seller unless named)",
                                "at once",
                                "n",
                                "max |delta|",
                                "median"),
                        UTF_8);
            }
            Files.writeString(FILE, line, UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print("pbx-deltas: " + line);
        return line;
    }
}
