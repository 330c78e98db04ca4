package io.callpath.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.Endpoint;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.FakePbx;
import io.callpath.sim.SimSettings;
import io.callpath.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM with 100 calls in flight, with real processes: {@code callpath serve} in a child JVM with its embedded
 * PostgreSQL, 100 FakeAsterisk calls in every phase when the signal comes, 5 more calls after it. Every call in
 * flight reaches its seller and is recorded whole (outcome and ended_at); the late ones are told STOPPING, so the
 * dialplan rings a human, and are recorded too; nothing is left in the spool.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SigtermUnderLoadTest {

    private static final int CALLS_IN_FLIGHT = 100;
    private static final int LATE_CALLS = 5;
    /** Real seconds per audio second: a call lasts about 8 s. */
    private static final double TIME_SCALE = 0.5;

    @TempDir
    Path root;

    static FakePbx pbx() {
        Endpoint seller = Endpoint.answersAfter(Duration.ofSeconds(2))
                .talking(Duration.ofSeconds(6))
                .pressingDuringWhisper('1', Duration.ofMillis(500));
        return FakePbx.builder()
                .prompt("callpath/informer", Duration.ofSeconds(4))
                .prompt("callpath/menu", Duration.ofSeconds(2))
                .prompt("callpath/no-input", Duration.ofSeconds(1))
                .prompt("callpath/invalid", Duration.ofSeconds(1))
                .prompt("callpath/accept", Duration.ofSeconds(1))
                .endpoint("PJSIP/101", seller)
                .endpoint("PJSIP/102", seller)
                .build();
    }

    static CallerScript caller(int n) {
        return CallerScript.calling("5551000")
                .from(String.valueOf(5_550_000 + n), "Caller " + n)
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(1)))
                .build();
    }

    @Test
    void everyCallInFlightIsFinishedAndRecordedAndLateCallsAreToldStopping() throws Exception {
        Path configFile = CallpathProcess.writeConfig(
                root,
                "shutdownGrace: 60s",
                "informer:\n  prompt: callpath/informer\n  budget: 25s",
                "sellers: [PJSIP/101, PJSIP/102]\nacceptKey: \"1\"");
        Path log = Path.of("target", "fault-logs", "sigterm-under-load.log");
        ExecutorService callers = Executors.newFixedThreadPool(CALLS_IN_FLIGHT + LATE_CALLS);
        List<CompletableFuture<CallRecord>> inFlight = new ArrayList<>();
        List<CompletableFuture<CallRecord>> late = new ArrayList<>();
        long exitMillis;
        try (CallpathProcess callpath = CallpathProcess.serve(configFile, log)) {
            int port = callpath.awaitListening();
            FakeAsterisk asterisk = new FakeAsterisk("127.0.0.1", port, pbx(), SimSettings.scaled(TIME_SCALE));
            for (int n = 0; n < CALLS_IN_FLIGHT; n++) {
                inFlight.add(asterisk.placeCallAsync(caller(n), callers));
            }
            // every call is past its arrival (in the informer, the menu or ringing) when the signal comes
            Thread.sleep(2_500);
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);
            long signalled = System.nanoTime();
            callpath.sigterm();
            callpath.awaitLog(Pattern.compile("FastAGI server draining"), Duration.ofSeconds(10));
            for (int n = 0; n < LATE_CALLS; n++) {
                late.add(asterisk.placeCallAsync(caller(CALLS_IN_FLIGHT + n), callers));
            }
            CompletableFuture.allOf(
                            Stream.concat(inFlight.stream(), late.stream()).toArray(CompletableFuture[]::new))
                    .get(90, TimeUnit.SECONDS);
            callpath.awaitExit(Duration.ofSeconds(60));
            exitMillis = (System.nanoTime() - signalled) / 1_000_000;
            assertShutdownInOrder(callpath.logLines());
        } finally {
            callers.shutdownNow();
        }

        List<CallRecord> finished =
                inFlight.stream().map(CompletableFuture::join).toList();
        List<CallRecord> refused = late.stream().map(CompletableFuture::join).toList();
        assertThat(finished).allSatisfy(call -> {
            assertThat(call.sessions())
                    .allSatisfy(session ->
                            assertThat(session.failure()).as(session.script()).isEmpty());
            assertThat(call.answeredBy()).as("seller of %s", call.linkedId()).isPresent();
            assertThat(call.variable("CALLPATH_STATUS")).contains("DONE");
        });
        assertThat(refused)
                .allSatisfy(call -> assertThat(call.variable("CALLPATH_STATUS")).contains("STOPPING"));

        Map<String, Long> outcomes = recordedOutcomes(finished, refused);
        assertThat(outcomes)
                .containsEntry("reached_seller", (long) CALLS_IN_FLIGHT)
                .containsEntry("failed/stopping", (long) LATE_CALLS)
                .containsEntry("ended_at", (long) (CALLS_IN_FLIGHT + LATE_CALLS));
        assertThat(spooledBytes(root.resolve("spool")))
                .as("events left in the spool")
                .isZero();
        // the figures of BENCHMARKS.md's fault table (events are unique by id in call_events: no duplicate can be
        // stored)
        System.out.printf(
                "fault sigterm-under-load: calls=%d late=%d eventsAcked=%d lost=0 exitAfterSigtermMs=%d%n",
                CALLS_IN_FLIGHT, LATE_CALLS, outcomes.get("events"), exitMillis);
    }

    private static void assertShutdownInOrder(List<String> log) {
        int drained = indexOf(log, "FastAGI server stopped");
        int flushed = indexOf(log, "event writer stopped");
        int stopped = indexOf(log, "callpath stopped");
        assertThat(drained).as("server stopped").isNotNegative();
        assertThat(flushed).as("writer stopped after the server").isGreaterThan(drained);
        assertThat(stopped).as("database stopped after the writer").isGreaterThan(flushed);
        assertThat(log.get(flushed)).contains("leftInSpool=0").contains("lost=0");
    }

    private static int indexOf(List<String> log, String text) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** Counts from the database the child left: outcomes of our calls, calls with ended_at, their events. */
    private Map<String, Long> recordedOutcomes(List<CallRecord> finished, List<CallRecord> refused) throws Exception {
        List<String> ids = Stream.concat(finished.stream(), refused.stream())
                .map(CallRecord::linkedId)
                .toList();
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Database database = ChildDatabase.open(root);
                Connection connection = database.dataSource().getConnection()) {
            Array linkedIds = connection.createArrayOf("text", ids.toArray());
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT coalesce(outcome || coalesce('/' || outcome_reason, ''), 'none'), count(*),
                           count(ended_at) FROM calls WHERE linked_id = ANY (?) GROUP BY 1""")) {
                query.setArray(1, linkedIds);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String outcome =
                                rows.getString(1).startsWith("reached_seller") ? "reached_seller" : rows.getString(1);
                        counts.merge(outcome, rows.getLong(2), Long::sum);
                        counts.merge("ended_at", rows.getLong(3), Long::sum);
                    }
                }
            }
            try (PreparedStatement events =
                    connection.prepareStatement("SELECT count(*) FROM call_events WHERE linked_id = ANY (?)")) {
                events.setArray(1, linkedIds);
                try (ResultSet rows = events.executeQuery()) {
                    rows.next();
                    counts.put("events", rows.getLong(1));
                }
            }
        }
        return counts;
    }

    private static long spooledBytes(Path spool) throws Exception {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            long total = 0;
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith("events-"))
                    .toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }
}
