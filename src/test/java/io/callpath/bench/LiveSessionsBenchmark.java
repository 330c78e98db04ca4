package io.callpath.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many calls each peer holds open at once: every call parks in a long command (EXEC Dial by default) while
 * the next ones arrive; per level it reports the calls live, the ones refused or closed without a word, and the
 * heap per live call. A peer is not taken to the next level once it degraded.
 * Options: --peers bare-aj-default,bare-aj,raw,callpath --levels 1000,5000,10000 --park "EXEC DIAL"
 * --sequence default|FILE --ramp-seconds 60 --child-jvm "-Xmx1g -Xss256k" --callpath-config FILE
 */
public final class LiveSessionsBenchmark {

    private static final int MAX_CONNECTING = 200;
    private static final long CLIENT_STACK_BYTES = 256 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private LiveSessionsBenchmark() {}

    /** What one level showed on one peer: the calls asked for, those started before the ramp ended, those live at once. */
    record LevelResult(
            String peer,
            int level,
            int started,
            int live,
            LoadResult ended,
            long heapBytesLive,
            long heapBytesIdle,
            long childThreads,
            long residentKilobytes) {

        boolean degraded() {
            return live < level || ended.errors() > 0;
        }

        double heapKilobytesPerLiveCall() {
            return live == 0 ? Double.NaN : (heapBytesLive - heapBytesIdle) / 1024.0 / live;
        }
    }

    @SuppressWarnings("try") // ServerProcess.close() may be interrupted while it waits for the child JVM to exit
    public static void main(String[] args) throws Exception {
        String sequenceFile = ChildControl.stringArg(args, "--sequence", "default");
        List<Integer> levels = Arrays.stream(ChildControl.stringArg(args, "--levels", "1000,5000,10000")
                        .split(","))
                .map(Integer::parseInt)
                .toList();
        String park = ChildControl.stringArg(args, "--park", "EXEC DIAL");
        Duration ramp = Duration.ofSeconds(ChildControl.intArg(args, "--ramp-seconds", 60));
        List<String> childJvm = Arrays.asList(
                ChildControl.stringArg(args, "--child-jvm", "-Xmx1g -Xss256k").split(" +"));
        int serverReadTimeout = (int) TimeUnit.MINUTES.toMillis(10);
        List<PeerSpec> specs = new ArrayList<>();
        for (String name : ChildControl.stringArg(args, "--peers", "bare-aj-default,bare-aj,raw,callpath")
                .split(",")) {
            switch (name) {
                case "bare-aj-default" ->
                    specs.add(PeerSpec.bareAsteriskJava(sequenceFile, 10, 500, serverReadTimeout)
                            .named("bare-aj-default"));
                case PeerSpec.BARE_ASTERISK_JAVA ->
                    specs.add(PeerSpec.bareAsteriskJava(sequenceFile, 10, 20_000, serverReadTimeout)
                            .named("bare-aj-20k"));
                case PeerSpec.RAW_SOCKETS -> specs.add(PeerSpec.rawSockets(sequenceFile, 20_000, serverReadTimeout));
                case PeerSpec.CALLPATH -> {
                    if (CallpathServerChild.available()) {
                        specs.add(PeerSpec.callpath(ChildControl.stringArg(args, "--callpath-config", "")));
                    } else {
                        System.out.println("# skipping callpath: " + CallpathServerChild.CALLPATH_MAIN_CLASS
                                + " is not on the classpath yet (placeholder)");
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "--peers: unknown peer '" + name + "' (known: bare-aj-default, bare-aj, raw, callpath)");
            }
        }
        System.out.println("# parking every call in '" + park + "', levels " + levels + ", child JVM " + childJvm);
        List<LevelResult> results = new ArrayList<>();
        for (PeerSpec spec : specs) {
            try (ServerProcess server =
                    ServerProcess.start(spec.name(), spec.mainClass(), childJvm, spec.args(), spec.environment())) {
                long idleHeap = server.usedHeapAfterGc();
                for (int level : levels) {
                    LevelResult result = holdLevel(spec, server, level, park, ramp, idleHeap);
                    results.add(result);
                    System.out.printf(
                            Locale.ROOT,
                            "# %s %d: started %d, live %d, errors %d%n",
                            spec.name(),
                            level,
                            result.started(),
                            result.live(),
                            result.ended().errors());
                    if (result.degraded()) {
                        break;
                    }
                }
            }
        }
        printTable(results);
        System.exit(0);
    }

    private static LevelResult holdLevel(
            PeerSpec spec, ServerProcess server, int calls, String park, Duration ramp, long idleHeap)
            throws IOException, InterruptedException {
        Parking parking = new Parking(park, ramp.plusMinutes(2));
        LoadAsterisk asterisk = new LoadAsterisk(
                LoadAsterisk.Settings.loopback(server.port())
                        // no hang-up sessions: released together, 10,000 of them would test a connection storm, not
                        // holding calls
                        .withAnsweredSessions(true)
                        .withReadTimeout(READ_TIMEOUT),
                parking);
        List<LoadAsterisk.CallTally> tallies = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        long deadline = System.nanoTime() + ramp.toNanos();
        for (int i = 0; i < calls && System.nanoTime() < deadline; i++) {
            // bound the calls still connecting, so the listen backlog, not the server, is never what fails
            while (i - parking.parkedNow() - finished.get() >= MAX_CONNECTING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            LoadAsterisk.CallTally tally = new LoadAsterisk.CallTally();
            tallies.add(tally);
            Thread caller = new Thread(
                    null,
                    () -> {
                        try {
                            asterisk.playCall(tally);
                        } finally {
                            finished.incrementAndGet();
                        }
                    },
                    "live-call-" + i,
                    CLIENT_STACK_BYTES);
            caller.setDaemon(true);
            callers.add(caller);
            caller.start();
        }
        while (parking.parkedNow() + finished.get() < callers.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int live = parking.parkedNow();
        long liveHeap = server.usedHeapAfterGc();
        long threads = childStatus(server.pid(), "Threads:");
        long resident = childStatus(server.pid(), "VmRSS:");
        parking.releaseAll();
        for (Thread caller : callers) {
            caller.join(READ_TIMEOUT.toMillis() * 3);
        }
        LoadResult ended = LoadAsterisk.CallTally.combine(tallies, 0);
        return new LevelResult(spec.name(), calls, callers.size(), live, ended, liveHeap, idleHeap, threads, resident);
    }

    /** A number from /proc/PID/status (Threads: count, VmRSS: kB), or -1 where there is no /proc. */
    private static long childStatus(long pid, String key) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith(key))
                    .mapToLong(line ->
                            Long.parseLong(line.substring(key.length()).strip().split(" ")[0]))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
    }

    private static void printTable(List<LevelResult> results) {
        System.out.println();
        System.out.println(
                "| server | level | calls started | live at once | completed | refused | closed without a word"
                        + " | timed out | broken | unknown cmds | heap MB live | KB heap per live call | child threads | child RSS MB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult result : results) {
            LoadResult ended = result.ended();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %d | %.0f |%n",
                    result.peer(),
                    result.level(),
                    result.started(),
                    result.live(),
                    ended.completed(),
                    ended.count(CallOutcome.REFUSED),
                    ended.count(CallOutcome.CLOSED_WITHOUT_A_WORD),
                    ended.count(CallOutcome.TIMED_OUT),
                    ended.count(CallOutcome.BROKEN),
                    ended.unknownCommands(),
                    result.heapBytesLive() / 1048576.0,
                    result.heapKilobytesPerLiveCall(),
                    result.childThreads(),
                    result.residentKilobytes() / 1024.0);
        }
    }
}
