package io.callpath.bench;

import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallEvent;
import io.callpath.events.CallTimeline;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.store.CallStory;
import io.callpath.store.Database;
import io.callpath.store.PostgresEventWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Events per second into an embedded PostgreSQL and the latency of accept() as calls see it.
 * Not a test: run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.callpath.bench.WriterBenchmark [-Dexec.args="calls producers queueCapacity batchSize warmupCalls"]}.
 */
public final class WriterBenchmark {

    private WriterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int producers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path root = Files.createTempDirectory("callpath-bench");
        DatabaseSettings defaults = DatabaseSettings.defaults();
        // -Dbench.jdbcUrl=... writes into an external PostgreSQL (e.g. one with pg_stat_statements) instead of an
        // embedded
        // one; -Dbench.pgdata=DIR names its data directory so its CPU can still be read from its postmaster.pid
        String externalUrl = System.getProperty("bench.jdbcUrl");
        Path dataDirectory = externalUrl == null
                ? root.resolve("pgdata")
                : Path.of(System.getProperty("bench.pgdata", "/nonexistent"));
        DatabaseSettings settings = new DatabaseSettings(
                externalUrl,
                System.getProperty("bench.user", "postgres"),
                "",
                dataDirectory,
                0,
                root.resolve("spool"),
                args.length > 2 ? Integer.parseInt(args[2]) : defaults.queueCapacity(),
                args.length > 3 ? Integer.parseInt(args[3]) : defaults.batchSize(),
                defaults.poolSize(),
                defaults.lookupTimeout());

        List<List<CallEvent>> perProducer = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            perProducer.add(new ArrayList<>());
        }
        Instant start = Instant.parse("2026-03-02T08:00:00Z");
        for (int i = 0; i < calls; i++) {
            perProducer.get(i % producers).addAll(call("bench-" + i, start.plusMillis(i * 100L), i));
        }
        int total = perProducer.stream().mapToInt(List::size).sum();
        // optional 5th argument: calls written (and waited for) before the measured ones, so the JIT has compiled the
        // writer's and pgjdbc's code; 0 (the default) measures from a cold JVM as the runs before 2026-12-01 did
        int warmupCalls = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        List<CallEvent> warmup = new ArrayList<>();
        for (int i = 0; i < warmupCalls; i++) {
            warmup.addAll(call("warmup-" + i, start.minusSeconds(86_400).plusMillis(i * 100L), i));
        }

        try (Database database = Database.start(settings, System.getenv())) {
            TimedTransactions transactions = new TimedTransactions(database.dataSource());
            run(database, settings, transactions, perProducer, warmup, calls, producers, total, warmupCalls);
        }
    }

    private static void run(
            Database database,
            DatabaseSettings settings,
            TimedTransactions transactions,
            List<List<CallEvent>> perProducer,
            List<CallEvent> warmup,
            int calls,
            int producers,
            int total,
            int warmupCalls)
            throws Exception {
        try (PostgresEventWriter writer = new PostgresEventWriter(
                        transactions, settings, CallTimeline::summarize, Duration.ofSeconds(30), System::nanoTime)
                .start()) {
            Path postmasterPid = settings.dataDirectory().resolve("postmaster.pid");
            warmup.forEach(writer::accept);
            while (writer.metrics().writtenEvents() + writer.metrics().lostEvents() < warmup.size()) {
                Thread.sleep(10);
            }
            long warmedUp = writer.metrics().writtenEvents() + writer.metrics().lostEvents();
            transactions.reset();
            long jvmCpuBefore = jvmCpuNanos();
            Map<Long, Long> threadCpuBefore = threadCpuNanos();
            long pgCpuBefore = postgresCpuNanos(postmasterPid);
            long[][] latencies = new long[producers][];
            List<Thread> threads = new ArrayList<>();
            long began = System.nanoTime();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                Thread thread = new Thread(
                        () -> latencies[producer] = offer(writer, perProducer.get(producer)), "producer-" + p);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long offered = System.nanoTime();
            // events lost because both in-memory queues were full (offered far faster than the disk) never arrive
            while (writer.metrics().writtenEvents() + writer.metrics().lostEvents() - warmedUp < total) {
                Thread.sleep(10);
            }
            long done = System.nanoTime();
            double jvmCpuPerEvent = (jvmCpuNanos() - jvmCpuBefore) / (double) total;
            double pgCpuPerEvent = (postgresCpuNanos(postmasterPid) - pgCpuBefore) / (double) total;
            double writerCpuPerEvent = writerThreadsCpuNanos(threadCpuBefore) / (double) total;

            long[] all = Arrays.stream(latencies)
                    .flatMapToLong(Arrays::stream)
                    .sorted()
                    .toArray();
            System.out.printf(
                    "nproc=%d calls=%d events=%d producers=%d batchSize=%d queueCapacity=%d warmupCalls=%d%n",
                    Runtime.getRuntime().availableProcessors(),
                    calls,
                    total,
                    producers,
                    settings.batchSize(),
                    settings.queueCapacity(),
                    warmupCalls);
            long stored = writer.metrics().writtenEvents() - warmedUp;
            if (stored < total) {
                System.out.printf(
                        "NOT COMPARABLE: %d of %d events lost (both queues full); raise queueCapacity or offer fewer%n",
                        total - stored, total);
            }
            System.out.printf(
                    "offered in %.2f s; all committed (events + calls rows) after %.2f s => %.0f events/s, %.0f calls/s%n",
                    (offered - began) / 1e9,
                    (done - began) / 1e9,
                    stored / ((done - began) / 1e9),
                    calls / ((done - began) / 1e9));
            System.out.printf(
                    "accept() latency: p50=%.1f us p99=%.1f us p99.9=%.1f us max=%.1f us%n",
                    percentile(all, 0.50) / 1e3,
                    percentile(all, 0.99) / 1e3,
                    percentile(all, 0.999) / 1e3,
                    all[all.length - 1] / 1e3);
            System.out.printf(
                    "CPU per event: jvm=%.1f us postgres=%.1f us (load-independent; wall-clock rates on a shared machine are not)%n",
                    jvmCpuPerEvent / 1e3, pgCpuPerEvent / 1e3);
            System.out.printf(
                    "writer threads' CPU per event: %.1f us (the rest of jvm= is producers, GC, JIT and the JVM)%n",
                    writerCpuPerEvent / 1e3);
            System.out.printf(
                    "batch transactions (connection taken to commit, the wait a batch adds to its events' age): %s%n",
                    transactions.summary());
            System.out.printf("metrics: %s%n", writer.metrics());
        }
    }

    private static long[] offer(PostgresEventWriter writer, List<CallEvent> events) {
        long[] latencies = new long[events.size()];
        for (int i = 0; i < latencies.length; i++) {
            long before = System.nanoTime();
            writer.accept(events.get(i));
            latencies[i] = System.nanoTime() - before;
        }
        return latencies;
    }

    private static List<CallEvent> call(String linkedId, Instant t0, int number) {
        return CallStory.call(linkedId, t0, "+1555" + (number % 5_000))
                .phase(Phase.INFORMER, 0)
                .phase(Phase.MENU, 25_000)
                .route("sales", 30_000)
                .phase(Phase.SELLER_RINGING, 30_000)
                .event(EventType.SELLER_ANSWERED, 36_000, Map.of("seller", "s" + number % 10))
                .phase(Phase.WHISPER, 36_000)
                .event(EventType.SELLER_CONNECTED, 38_000, Map.of("seller", "s" + number % 10))
                .event(EventType.CALL_ENDED, 200_000, Map.of("cause", "16"))
                .events();
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<Long, Long> threadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** CPU the event writer's threads spent since {@code before} (threads named callpath-event-writer*). */
    private static long writerThreadsCpuNanos(Map<Long, Long> before) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("callpath-event-writer")) {
                long now = threads.getThreadCpuTime(info.getThreadId());
                sum += Math.max(0, now - before.getOrDefault(info.getThreadId(), 0L));
            }
        }
        return sum;
    }

    /** User + system CPU of the postmaster and its children (backends, wal writer...), from /proc; 0 off Linux. */
    private static long postgresCpuNanos(Path postmasterPidFile) throws java.io.IOException {
        if (!Files.exists(postmasterPidFile) || !Files.isDirectory(Path.of("/proc"))) {
            return 0;
        }
        String postmaster = Files.readAllLines(postmasterPidFile).get(0).trim();
        long ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after "pid (comm) ": state ppid ... utime is field 14, stime 15 of the whole line
                    if (fields[1].equals(postmaster)
                            || process.getFileName().toString().equals(postmaster)) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (java.io.IOException | RuntimeException exitedMeanwhile) {
                    // a process that ended between the listing and the read
                }
            }
        }
        return ticks * 10_000_000L; // USER_HZ = 100 on Linux
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
