package io.callpath.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child side of the parent/child protocol: the child prints {@code READY} once it listens, then obeys
 * {@code HEAP} (GC, then print {@code HEAP <usedBytes>}), {@code STATS} (one line of peer-specific counts) and {@code STOP} (or end of stdin) on its stdin.
 */
final class ChildControl {

    static final String READY = "READY";
    static final String HEAP = "HEAP";
    static final String STOP = "STOP";
    static final String STATS = "STATS";

    private ChildControl() {}

    /** Announces readiness and serves control commands until STOP; returns so the caller can shut down. */
    static void announceReadyAndServe() throws IOException {
        announceReadyAndServe(() -> "none");
    }

    /** As {@link #announceReadyAndServe()}, and answers {@code STATS} with {@code STATS <stats.get()>}. */
    static void announceReadyAndServe(java.util.function.Supplier<String> stats) throws IOException {
        System.out.println(READY);
        System.out.flush();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (line.equals(HEAP)) {
                System.out.println(HEAP + " " + usedHeapAfterGc());
                System.out.flush();
            } else if (line.equals(STATS)) {
                System.out.println(STATS + " " + stats.get());
                System.out.flush();
            } else if (line.equals(STOP)) {
                return;
            }
        }
    }

    static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        // two rounds: the first may only promote what the second can then collect
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static int intArg(String[] args, String name, int defaultValue) {
        String value = stringArg(args, name, null);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    static String stringArg(String[] args, String name, String defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }
}
