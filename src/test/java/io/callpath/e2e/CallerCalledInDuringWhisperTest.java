package io.callpath.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.agi.FastAgiServer;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.SessionClock;
import io.callpath.flow.CallbackAttempt;
import io.callpath.flow.CallbackJob;
import io.callpath.flow.CallbackRequest;
import io.callpath.flow.CallbackTrigger;
import io.callpath.flow.InMemoryCallerHistory;
import io.callpath.flow.Scripts;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Endpoint;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.FakePbx;
import io.callpath.sim.SimSettings;
import io.callpath.sim.SimulatedTime;
import io.callpath.store.PostgresCallbackJobs;
import io.callpath.store.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The callback script on the FakeAsterisk, with the real callback queue in PostgreSQL and the real trigger on the
 * server's event stream: the seller answers, hears the 4 s callback whisper and presses the accept key 3 s into it. A
 * caller who phones the line in the meantime (their call arrives while the whisper plays) is not dialled and the job
 * ends {@code caller_called_in}; without that call the same seller dials them.
 */
@Timeout(60)
class CallerCalledInDuringWhisperTest {

    private static final CallpathConfig CONFIG = ConfigLoader.load(Path.of("config/simulate.yaml"));
    private static final String NUMBER = "5550177";
    private static final Instant HUNG_UP = Instant.now().minusSeconds(60);

    private final PostgresCallbackJobs jobs =
            new PostgresCallbackJobs(SharedPostgres.database().dataSource(), "e2e");
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final FakePbx pbx = FakePbx.builder()
            .prompt("callpath/callback", Duration.ofSeconds(4))
            .prompt("callpath/greeting", Duration.ofMillis(2_700))
            .endpoint(
                    "PJSIP/" + NUMBER + "@trunk",
                    Endpoint.answersAfter(Duration.ofMillis(500)).talking(Duration.ofSeconds(1)))
            .build();
    private FastAgiServer server;

    @BeforeEach
    void start() throws SQLException {
        SharedPostgres.cleanCallbacks();
        Clock wall = Clock.systemUTC();
        server = new FastAgiServer(
                CallpathRig.serverSettings(),
                Scripts.createWithCallbacks(
                        CONFIG,
                        new CallbackTrigger(CONFIG, jobs),
                        new InMemoryCallerHistory(wall, 100),
                        request -> new SessionClock(wall, System::nanoTime),
                        jobs,
                        wall),
                (request, linkedId, reason) -> {});
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        jobs.close();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallerWhoCallsInWhileTheSellerHearsTheWhisperIsNotDialledAndTheJobEndsCallerCalledIn() throws Exception {
        CallbackJob job = claimedJob();

        CompletableFuture<CallRecord> seller =
                CompletableFuture.supplyAsync(() -> fake().placeCall(sellerSession(job)), threads);
        awaitSellerAnsweredWritten(job);
        // the caller phones the line while the whisper plays: their call arrives, then they hang up
        fake().placeCall(CallerScript.calling("5551000")
                .from(NUMBER, "Ann")
                .hangUpAt(Duration.ofMillis(300))
                .build());

        List<String> commands = seller.get(30, TimeUnit.SECONDS)
                .session("callback")
                .orElseThrow()
                .commands();
        assertThat(commands)
                .as("the seller heard the whisper")
                .anyMatch(command -> command.contains("callpath/callback"));
        assertThat(commands).noneMatch(command -> command.contains("Dial"));
        assertThat(job(job.id())).containsExactly("cancelled", "caller_called_in");
        assertThat(events(job.id()))
                .containsExactly(
                        "queued abandoned after 32000 ms",
                        "claimed attempt 1",
                        "seller_answered PJSIP/101",
                        "cancelled called_in",
                        "cancelled caller_called_in");
    }

    @Test
    void withoutACallInTheSameSellerDialsTheCaller() throws Exception {
        CallbackJob job = claimedJob();

        CallRecord seller = fake().placeCall(sellerSession(job));

        assertThat(seller.session("callback").orElseThrow().commands())
                .anyMatch(command -> command.contains("Dial") && command.contains("PJSIP/" + NUMBER + "@trunk"));
        assertThat(job(job.id())).containsExactly("done", "connected");
    }

    private CallbackJob claimedJob() {
        jobs.queueNow(new CallbackRequest(
                NUMBER,
                "main",
                "sales",
                "call-1",
                "abandoned",
                HUNG_UP,
                Duration.ofSeconds(32),
                HUNG_UP.plusSeconds(30),
                3,
                Duration.ofMinutes(2),
                1));
        return jobs.claim(Set.of("main"), "e2e", Instant.now(), Duration.ofSeconds(60))
                .orElseThrow();
    }

    /** The seller's leg as the kit's [callpath-callback] runs it: the accept key 3 s into the whisper. */
    private static CallerScript sellerSession(CallbackJob job) {
        return CallerScript.calling("s")
                .script("callback", new CallbackAttempt(job.id(), job.attempt()).text(), "main", "32", NUMBER)
                .dialplan("callpath-callback", "s", 2)
                .channel("PJSIP/101-00000001", "cb-1", "cb-1")
                .from("", "Callback")
                .noHangupHandler()
                .pressInPrompt("callpath/callback", Duration.ofSeconds(3), '1')
                .build();
    }

    private FakeAsterisk fake() {
        return new FakeAsterisk(
                "127.0.0.1", server.port(), pbx, SimSettings.scaled(1.0), new SimulatedTime(Instant.now()));
    }

    private static void awaitSellerAnsweredWritten(CallbackJob job) {
        await("the seller's answer is written")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> events(job.id()).contains("seller_answered PJSIP/101"));
    }

    private static List<String> job(long id) throws SQLException {
        List<String> row = new ArrayList<>();
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT state, end_reason FROM callbacks WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                row.add(rows.getString("state"));
                row.add(rows.getString("end_reason"));
            }
        }
        return row;
    }

    private static List<String> events(long id) throws SQLException {
        List<String> events = new ArrayList<>();
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT type, detail FROM callback_events WHERE callback_id = ? ORDER BY id")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(rows.getString("type") + " " + rows.getString("detail"));
                }
            }
        }
        return events;
    }
}
