package io.callpath.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Not a test: prints what N concurrent simulated calls cost (informer, Dial with whisper, hang-up handler) against the
 * raw ScriptedServer. Run: {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt} then
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.callpath.sim.FakeAsteriskLoadBenchmark 1000}.
 */
public final class FakeAsteriskLoadBenchmark {

    private FakeAsteriskLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (ScriptedServer server = new ScriptedServer()) {
            server.on("incoming", peer -> {
                        peer.send("ANSWER");
                        peer.send("STREAM FILE callpath/informer \"1\"");
                        peer.send("EXEC Dial PJSIP/101,20,U(callpath-answered^1^seller^main^sales^1.0)");
                        peer.send("SET VARIABLE CALLPATH_STATUS DONE");
                    })
                    .on("answered", peer -> peer.send("STREAM FILE callpath/accept \"1\""))
                    .on("hangup", peer -> peer.send("GET VARIABLE DIALSTATUS"));
            FakePbx pbx = FakePbx.builder()
                    .prompt("callpath/informer", Duration.ofSeconds(25))
                    .prompt("callpath/accept", Duration.ofSeconds(3))
                    .endpoint(
                            "PJSIP/101",
                            Endpoint.answersAfter(Duration.ofSeconds(5)).talking(Duration.ofSeconds(60)))
                    .build();
            FakeAsterisk fake = new FakeAsterisk(
                    "127.0.0.1",
                    server.port(),
                    pbx,
                    SimSettings.scaled(0.01).withHeaderWrites(SimSettings.HeaderWrites.SINGLE));
            ExecutorService pool = Executors.newFixedThreadPool(calls);
            try {
                long start = System.nanoTime();
                List<CompletableFuture<CallRecord>> running = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    running.add(fake.placeCallAsync(CallerScript.calling("100").build(), pool));
                }
                long completed = 0;
                for (CompletableFuture<CallRecord> call : running) {
                    CallRecord record = call.get();
                    if (record.answeredBy().isPresent()
                            && record.sessions().stream()
                                    .allMatch(s -> s.failure().isEmpty())) {
                        completed++;
                    }
                }
                long millis = (System.nanoTime() - start) / 1_000_000L;
                System.out.printf(
                        "calls=%d completed=%d wallMs=%d (ideal ~%d ms at scale 0.01) serverFailures=%d%n",
                        calls, completed, millis, 950, server.failures().size());
            } finally {
                pool.shutdown();
            }
        }
    }
}
