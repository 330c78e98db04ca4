package io.callpath.bench;

import java.util.Locale;
import java.util.Map;

/** Prints the comparison table as Markdown, so it can go into BENCHMARKS.md as is. */
final class PeerTable {

    private PeerTable() {}

    static void print(Map<String, PeerBenchmark.PeerTotals> totals, String baseline) {
        PeerBenchmark.PeerTotals base = totals.get(baseline);
        System.out.println();
        System.out.println(
                "| server | sessions/call | commands/call | calls/s | server time/cmd p50 µs | p99 µs | CPU ms/call | + child procs (PG) ms/call | heap MB after GC"
                        + " | calls | errors | calls/s vs " + baseline + " | CPU/call vs " + baseline + " |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, PeerBenchmark.PeerTotals> entry : totals.entrySet()) {
            PeerBenchmark.PeerTotals peer = entry.getValue();
            LoadResult result = peer.result;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.2f | %.1f | %.0f | %.1f | %.1f | %.3f | %.3f | %.1f | %d | %d | %s | %s |%n",
                    entry.getKey(),
                    result.sessionsPerCall(),
                    result.commandsPerCall(),
                    result.callsPerSecond(),
                    result.serverTimeNanos().getValueAtPercentile(50) / 1e3,
                    result.serverTimeNanos().getValueAtPercentile(99) / 1e3,
                    peer.cpuMillisPerCall(),
                    peer.childrenCpuMillisPerCall(),
                    peer.heapBytes / 1048576.0,
                    result.completed(),
                    result.errors(),
                    base == null ? "-" : ratio(result.callsPerSecond(), base.result.callsPerSecond()),
                    base == null ? "-" : ratio(peer.cpuMillisPerCall(), base.cpuMillisPerCall()));
        }
    }

    private static String ratio(double value, double baseline) {
        return baseline == 0 || Double.isNaN(baseline) ? "-" : String.format(Locale.ROOT, "%.2fx", value / baseline);
    }
}
