package io.callpath.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.agi.FastAgiServer;
import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.ServerSettings;
import io.callpath.events.CallSummary;
import io.callpath.events.InMemoryEventSink;
import io.callpath.events.SessionClock;
import io.callpath.flow.InMemoryCallerHistory;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Endpoint;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.FakePbx;
import io.callpath.sim.SimSettings;
import io.callpath.sim.SimulatedTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The real FastAGI server with the real flows (CallpathApp without a database), driven by the FakeAsterisk over real sockets; both read one
 * {@link SimulatedTime}, so every phase comes out to the millisecond. One call at a time.
 */
public final class CallpathRig implements AutoCloseable {

    /** A Monday inside the default config's hours (09:00-18:00 UTC). */
    static final Instant MONDAY_10_00 = Instant.parse("2026-11-23T10:00:00Z");
    /** Real seconds per audio second: a minute-long call takes 60 ms. */
    static final double TIME_SCALE = 0.001;

    final SimulatedTime time;
    final InMemoryEventSink events = new InMemoryEventSink(1_000);
    final RunningCallpath callpath;
    final FastAgiServer server;
    final FakeAsterisk fake;

    CallpathRig(CallpathConfig config, FakePbx pbx, Instant start) {
        this.time = new SimulatedTime(start);
        this.callpath = CallpathApp.builder(onRigServer(config))
                .withoutDatabase(new InMemoryCallerHistory(time.clock(), 1_000))
                .alsoSendEventsTo(events)
                .wallClock(time.clock())
                .sessionClock(() -> new SessionClock(time.clock(), time::nanoTime))
                .build()
                .start();
        this.server = callpath.server();
        this.fake = new FakeAsterisk("127.0.0.1", server.port(), pbx, SimSettings.scaled(TIME_SCALE), time);
    }

    CallpathRig(CallpathConfig config) {
        this(config, pbx().build(), MONDAY_10_00);
    }

    /** Short timeouts so the bad-input cases end in a second, not in the production 5 s / 30 s. */
    static ServerSettings serverSettings() {
        return new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                50,
                Duration.ofMillis(700),
                Duration.ofMillis(1_500),
                Duration.ofSeconds(20),
                Duration.ofSeconds(2));
    }

    /** {@code config} with the rig's {@link #serverSettings()}. */
    static CallpathConfig onRigServer(CallpathConfig config) {
        return new CallpathConfig(
                serverSettings(),
                config.database(),
                config.metrics(),
                config.repeatCallers(),
                config.lines(),
                config.departments());
    }

    static CallpathConfig defaultConfig() {
        return ConfigLoader.load(Path.of("src/test/resources/callpath-before.yaml"));
    }

    /**
     * The default config on the rig's {@link #serverSettings()}, writing to {@code jdbcUrl} through {@code spool}: queue
     * 1,000, batches of 50, 2 connections.
     */
    static CallpathConfig defaultConfigOnDatabase(String jdbcUrl, Path spool, Duration lookupTimeout) {
        CallpathConfig defaults = defaultConfig();
        DatabaseSettings database = new DatabaseSettings(
                jdbcUrl, "postgres", "", spool.resolve("pgdata-unused"), 0, spool, 1_000, 50, 2, lookupTimeout);
        return new CallpathConfig(
                serverSettings(),
                database,
                defaults.metrics(),
                defaults.repeatCallers(),
                defaults.lines(),
                defaults.departments());
    }

    /**
     * Every prompt of the default config, with lengths chosen so that phases add up visibly; sellers 101/102 answer
     * after 4 s and accept with "1" 2 s into the whisper, 103 (service, no accept key) after 4 s, assistant 201 after 3 s.
     */
    public static FakePbx.Builder pbx() {
        return FakePbx.builder()
                .prompt("callpath/informer", Duration.ofMillis(9_500))
                .prompt("callpath/menu", Duration.ofSeconds(3))
                .prompt("callpath/greeting", Duration.ofMillis(2_500))
                .prompt("callpath/no-input", Duration.ofSeconds(2))
                .prompt("callpath/invalid", Duration.ofSeconds(2))
                .prompt("callpath/after-hours", Duration.ofSeconds(4))
                .prompt("callpath/line-main", Duration.ofSeconds(3))
                .prompt("callpath/dept-sales", Duration.ofSeconds(2))
                .prompt("callpath/dept-service", Duration.ofSeconds(2))
                .prompt("callpath/accept", Duration.ofSeconds(1))
                .prompt("callpath/connecting", Duration.ofSeconds(1))
                .endpoint("PJSIP/101", accepting(Duration.ofSeconds(4)))
                .endpoint("PJSIP/102", accepting(Duration.ofSeconds(4)))
                .endpoint(
                        "PJSIP/103",
                        Endpoint.answersAfter(Duration.ofSeconds(4)).talking(Duration.ofSeconds(60)))
                .endpoint(
                        "PJSIP/201",
                        Endpoint.answersAfter(Duration.ofSeconds(3)).talking(Duration.ofSeconds(20)));
    }

    /** {@link #pbx()} with an assistant, 201, who answers after 3 s and hands every caller to sales after 20 s of talk. */
    public static FakePbx.Builder pbxWithTransferringAssistant() {
        return pbx().endpoint(
                        "PJSIP/201",
                        Endpoint.answersAfter(Duration.ofSeconds(3))
                                .talking(Duration.ofSeconds(60))
                                .transferringTo("sales", Duration.ofSeconds(20)));
    }

    /** A seller who answers after {@code answerAfter}, accepts with "1" 2 s into the whisper and talks 60 s. */
    static Endpoint accepting(Duration answerAfter) {
        return Endpoint.answersAfter(answerAfter)
                .talking(Duration.ofSeconds(60))
                .pressingDuringWhisper('1', Duration.ofSeconds(2));
    }

    /** Alice calling line main (5551000) from {@code number}. */
    static CallerScript.Builder mainLineCaller(String number) {
        return CallerScript.calling("5551000").from(number, "Alice");
    }

    /** Places the call and waits until the server has released every session of it. */
    CallRecord call(CallerScript caller) {
        CallRecord record = fake.placeCall(caller);
        assertThat(record.sessions())
                .as("fake sessions of %s", record.linkedId())
                .allSatisfy(session ->
                        assertThat(session.failure()).as(session.script()).isEmpty());
        awaitIdle();
        return record;
    }

    /** The commands the server sent on the first session of {@code script}. */
    List<String> fakeCommands(CallRecord record, String script) {
        return record.session(script).orElseThrow().commands();
    }

    CallSummary summary(CallRecord record) {
        return events.summary(record.linkedId())
                .orElseThrow(() -> new AssertionError("no events for " + record.linkedId()));
    }

    /** Sessions end (and are counted down) just after the fake saw the socket close. */
    void awaitIdle() {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(server.activeSessions())
                        .as("sessions still running")
                        .isZero());
    }

    /** Stops the server, then checks the invariant every test shares: each reached call's phases sum to its time-to-seller. */
    @Override
    public void close() {
        // short: a raw peer's incoming session never has its hang-up handler, and the drain would wait for it
        callpath.shutdown(Duration.ofMillis(200));
        for (CallSummary summary : events.summaries()) {
            if (summary.timeToSellerMillis() != null) {
                assertThat(summary.phaseMillis().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                        .as("phases of %s: %s", summary.linkedId(), summary.phaseMillis())
                        .isEqualTo(summary.timeToSellerMillis());
            }
        }
    }
}
