package io.callpath.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the FastAGI peers on the same calls in one run: callpath (a), bare asterisk-java (b), raw sockets (c),
 * each in a child JVM, loaded in turn by {@link LoadAsterisk} in interleaved rounds. Prints calls/s, server time per
 * command, CPU per call, heap and errors, with ratios against bare asterisk-java.
 * Options: --peers callpath,bare-aj,raw --sequence default|FILE --concurrency 16 --rounds 3 --round-seconds 10
 * --warmup-seconds 5 --read-timeout-ms 10000 --child-jvm "-Xmx512m -Xss256k" --callpath-config FILE
 * --record-sequence FILE (write callpath's commands of all three scripts there)
 */
public final class PeerBenchmark {

    private PeerBenchmark() {}

    public static void main(String[] args) throws Exception {
        String sequenceFile = ChildControl.stringArg(args, "--sequence", "default");
        int concurrency = ChildControl.intArg(args, "--concurrency", 16);
        int rounds = ChildControl.intArg(args, "--rounds", 3);
        Duration roundLength = Duration.ofSeconds(ChildControl.intArg(args, "--round-seconds", 10));
        Duration warmup = Duration.ofSeconds(ChildControl.intArg(args, "--warmup-seconds", 5));
        int readTimeoutMillis = ChildControl.intArg(args, "--read-timeout-ms", 10_000);
        List<String> childJvm = Arrays.asList(
                ChildControl.stringArg(args, "--child-jvm", "-Xmx512m -Xss256k").split(" +"));
        List<String> wanted = Arrays.asList(
                ChildControl.stringArg(args, "--peers", "callpath,bare-aj,raw").split(","));
        CommandSequence sequence = CommandSequence.load(sequenceFile);
        String recordTo = ChildControl.stringArg(args, "--record-sequence", "");

        List<PeerSpec> specs = new ArrayList<>();
        for (String name : wanted) {
            switch (name) {
                case PeerSpec.CALLPATH -> {
                    if (CallpathServerChild.available()) {
                        specs.add(PeerSpec.callpath(ChildControl.stringArg(args, "--callpath-config", "")));
                    } else {
                        System.out.println("# skipping callpath: " + CallpathServerChild.CALLPATH_MAIN_CLASS
                                + " is not on the classpath yet (placeholder)");
                    }
                }
                case PeerSpec.BARE_ASTERISK_JAVA ->
                    specs.add(PeerSpec.bareAsteriskJava(
                            sequenceFile, concurrency, Math.max(500, concurrency * 4), readTimeoutMillis));
                case PeerSpec.RAW_SOCKETS -> specs.add(PeerSpec.rawSockets(sequenceFile, 20_000, readTimeoutMillis));
                default ->
                    throw new IllegalArgumentException(
                            "--peers: unknown peer '" + name + "' (known: callpath, bare-aj, raw)");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "# replayed by the bare peers: %d commands per call in %d sessions %s,"
                        + " concurrency %d, %d rounds x %s, warm-up %s, cores %d%n",
                sequence.commandsPerCall(),
                sequence.scripts().size(),
                sequence.scripts().keySet(),
                concurrency,
                rounds,
                roundLength,
                warmup,
                Runtime.getRuntime().availableProcessors());

        Map<PeerSpec, ServerProcess> servers = new LinkedHashMap<>();
        try {
            for (PeerSpec spec : specs) {
                servers.put(
                        spec,
                        ServerProcess.start(spec.name(), spec.mainClass(), childJvm, spec.args(), spec.environment()));
            }
            for (Map.Entry<PeerSpec, ServerProcess> entry : servers.entrySet()) {
                loadFor(entry.getValue(), readTimeoutMillis).run(Integer.MAX_VALUE, concurrency, warmup);
                if (entry.getKey().name().equals(PeerSpec.CALLPATH)) {
                    checkSequence(loadFor(entry.getValue(), readTimeoutMillis).recordOneCall(), sequence, recordTo);
                }
            }
            if (!servers.keySet().stream().map(PeerSpec::name).toList().contains(PeerSpec.CALLPATH)) {
                System.out.println("# sequences NOT checked against callpath: it is not among --peers");
            }
            Map<String, PeerTotals> totals = new LinkedHashMap<>();
            List<Map.Entry<PeerSpec, ServerProcess>> order = new ArrayList<>(servers.entrySet());
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<PeerSpec, ServerProcess> entry : order) {
                    ServerProcess server = entry.getValue();
                    Duration cpuBefore = server.cpuTime();
                    Duration childrenBefore = server.helperCpuTime();
                    LoadResult result =
                            loadFor(server, readTimeoutMillis).run(Integer.MAX_VALUE, concurrency, roundLength);
                    Duration cpu = server.cpuTime().minus(cpuBefore);
                    Duration childrenCpu = server.helperCpuTime().minus(childrenBefore);
                    totals.computeIfAbsent(server.name(), name -> new PeerTotals())
                            .add(result, cpu, childrenCpu);
                    System.out.printf(
                            Locale.ROOT,
                            "# round %d %-9s %8.0f calls/s  errors %d%n",
                            round,
                            server.name(),
                            result.callsPerSecond(),
                            result.errors());
                }
                // rotate so no peer always runs right after the same neighbour
                order.add(order.remove(0));
            }
            for (ServerProcess server : servers.values()) {
                // --rounds 0 (only record the sequences) leaves no totals yet
                totals.computeIfAbsent(server.name(), name -> new PeerTotals()).heapBytes = server.usedHeapAfterGc();
                if (server.name().equals(PeerSpec.CALLPATH)) {
                    System.out.println("# callpath after the rounds: " + server.stats());
                }
            }
            PeerTable.print(totals, PeerSpec.BARE_ASTERISK_JAVA);
        } finally {
            for (ServerProcess server : servers.values()) {
                server.close();
            }
        }
        System.exit(0);
    }

    /**
     * Says, per script, whether callpath's sessions send what (b) and (c) replay: the same commands, the per-call
     * values (linkedid, t0) aside. Writes the recorded commands to {@code recordTo} when given.
     */
    private static void checkSequence(Map<String, List<String>> recorded, CommandSequence replayed, String recordTo)
            throws java.io.IOException {
        java.util.Set<String> scripts = new java.util.LinkedHashSet<>(recorded.keySet());
        scripts.addAll(replayed.scripts().keySet());
        boolean allSame = true;
        for (String script : scripts) {
            List<String> sent = recorded.getOrDefault(script, List.of());
            List<String> replays = replayed.commands(script);
            boolean same = sent.stream()
                    .map(PeerBenchmark::shape)
                    .toList()
                    .equals(replays.stream().map(PeerBenchmark::shape).toList());
            allSame &= same;
            System.out.printf(
                    Locale.ROOT,
                    "# callpath's %s session sent %d commands; the replayed sequence has %d: %s%n",
                    script,
                    sent.size(),
                    replays.size(),
                    same ? "same commands" : "DIFFERENT: " + sent);
        }
        System.out.println(
                allSame
                        ? "# sequences: same commands in every session"
                        : "# sequences: DIFFERENT, re-record with --record-sequence src/test/resources/io/callpath/bench/call-sequence.txt");
        if (!recordTo.isEmpty()) {
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of(recordTo),
                    new CommandSequence(recorded).format("""
                    callpath's sessions of one call, recorded by PeerBenchmark --record-sequence: DID 5551000 (line main), a new
                    caller who presses 1 during the informer -> sales -> PJSIP/101; the seller's answered session (U() gosub,
                    accept key 1), Dial ANSWER; then the caller's hang-up handler (hangup?leg=caller). linkedid/t0 values are
                    that call's. (b) and (c) replay each [script] section for the session of that script."""),
                    java.nio.charset.StandardCharsets.UTF_8);
            System.out.println("# recorded to " + recordTo);
        }
    }

    /** A command with its digits masked: linkedids and t0 differ per call, the work does not. */
    private static String shape(String command) {
        return command.replaceAll("[0-9]+", "9");
    }

    /** Every peer gets the same three sessions per call: incoming, the seller's answered, the caller's hangup. */
    private static LoadAsterisk loadFor(ServerProcess server, int readTimeoutMillis) {
        return new LoadAsterisk(LoadAsterisk.Settings.loopback(server.port())
                .withCallpathSessions(true)
                .withReadTimeout(Duration.ofMillis(readTimeoutMillis)));
    }

    /** One peer's sums over all measured rounds. */
    static final class PeerTotals {
        LoadResult result = LoadResult.empty();
        Duration cpu = Duration.ZERO;
        Duration childrenCpu = Duration.ZERO;
        long heapBytes;

        void add(LoadResult round, Duration roundCpu, Duration roundChildrenCpu) {
            result = result.plus(round);
            cpu = cpu.plus(roundCpu);
            childrenCpu = childrenCpu.plus(roundChildrenCpu);
        }

        /** The server JVM's own CPU per completed call. */
        double cpuMillisPerCall() {
            return result.completed() == 0 ? Double.NaN : cpu.toNanos() / 1e6 / result.completed();
        }

        /** CPU per call of the server's child processes (callpath's embedded PostgreSQL); 0 for the bare peers. */
        double childrenCpuMillisPerCall() {
            return result.completed() == 0 ? Double.NaN : childrenCpu.toNanos() / 1e6 / result.completed();
        }
    }
}
