package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.ServerSettings;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Callbacks on the real Asterisk through callpath's AMI: a caller who hangs up while waiting is called back by a
 * seller (whisper, accept key), then dialled with the line's caller id; a new call from the number cancels its job;
 * a caller who presses * when offered a callback in the promo ends the call and is called back the same way.
 */
class CallbackPbxTest {

    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final String CALLBACK = "    callback:\n"
            + "      enabled: true\n"
            + "      delay: 2s\n"
            + "      department: callbacks\n"
            + "      ringTime: 8s\n"
            + "      maxAttempts: 2\n"
            + "      retryAfter: 2s\n"
            + "      maxBusySellers: 4\n"
            + "      offerAfter: 2s\n"
            + "      dial: \"Local/{number}@pbx-callee\"\n";
    private static final String LATE_CALLBACK = "    callback:\n"
            + "      enabled: true\n"
            + "      delay: 60s\n"
            + "      department: callbacks\n"
            + "      dial: \"Local/{number}@pbx-callee\"\n";
    // the seller rings 1 s, answers, presses the accept key 1 s into the whisper, talks 10 s
    private static final String CALLBACK_DEPARTMENT = "  callbacks:\n"
            + "    sellers: [Local/r1000-a-w1000-d1-w10000-h@pbx-script]\n"
            + "    ringTimeout: 5s\n"
            + "    whisper: callpath/dept-sales\n"
            + "    acceptKey: \"1\"\n"
            + "    acceptTimeout: 3s\n"
            + "    acceptPrompt: callpath/accept\n";
    // the called-back caller's phone rings 1 s, answers, talks 6 s
    private static final String NEVER_ANSWERS = "5550999001";
    private static final String CALLEE = "[pbx-callee]\nexten => " + NEVER_ANSWERS + ",1,Goto(pbx-script,n,1)\n"
            + "exten => _X.,1,Goto(pbx-script,r1000-a-w6000-h,1)\n";

    private static PbxRig rig;
    private static PlacedCall abandoned;
    private static PlacedCall firstOfTwo;
    private static PlacedCall unreachable;
    private static PlacedCall offered;
    /** A second callpath server on the same database and Asterisk: it competes for every job. */
    private static RunningCallpath secondServer;

    @BeforeAll
    static void placeCalls() {
        rig = PbxRig.builder("callbacks")
                .withDesks()
                .editCallpathConfig(yaml -> yaml.replace(
                                "    connectingPrompt: callpath/connecting\n",
                                "    connectingPrompt: callpath/connecting\n" + CALLBACK)
                        .replace(
                                "    overflowDepartment: sales\n    whisper: callpath/line-main\n\ndepartments:\n",
                                "    overflowDepartment: sales\n    whisper: callpath/line-main\n" + LATE_CALLBACK
                                        + "\ndepartments:\n" + CALLBACK_DEPARTMENT))
                .dialplan(CALLEE)
                .start();
        secondServer = CallpathApp.create(
                        onTheSameDatabase(rig.config(), rig.directory().resolve("second")))
                .start();
        // informer 4 s + menu 3 s: hangs up in the menu after 7 s, past the 5 s short abandon
        abandoned = rig.call("5551000", "a-w7000-h");
        firstOfTwo = rig.call("5553000", "a-w6000-h");
        unreachable = rig.call(CallSpec.to("5551000", "a-w7000-h").from(NEVER_ANSWERS));
        // the informer is cut at 2 s for "press star to be called back" (2.2 s); the caller presses * 3 s into the call
        offered = rig.call(CallSpec.to("5551000", "a-w3000-d*-w15000"));
    }

    private static CallpathConfig onTheSameDatabase(CallpathConfig config, Path directory) {
        DatabaseSettings database = config.database();
        DatabaseSettings shared = new DatabaseSettings(
                rig.callpath().database().jdbcUrl(),
                database.user(),
                database.password(),
                directory.resolve("pgdata"),
                0,
                directory.resolve("spool"),
                database.queueCapacity(),
                database.batchSize(),
                database.poolSize(),
                database.lookupTimeout());
        ServerSettings server = config.server();
        ServerSettings anyPort = new ServerSettings(
                server.bind(),
                0,
                server.allow(),
                server.maxSessions(),
                server.headerTimeout(),
                server.commandTimeout(),
                server.dialTimeout(),
                server.shutdownGrace());
        return new CallpathConfig(
                anyPort,
                shared,
                config.metrics(),
                config.repeatCallers(),
                config.lines(),
                config.departments(),
                config.http(),
                config.ami(),
                config.desk());
    }

    @AfterAll
    static void stop() {
        if (secondServer != null) {
            secondServer.shutdown(Duration.ofSeconds(2));
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aCallerWhoHangsUpInTheMenuIsCalledBackBySellerWhoAcceptsAndCelAgreesWithTheRecordedTimes() throws Exception {
        rig.await(abandoned, Duration.ofSeconds(60));
        Map<String, Object> job = CallbackJobRows.await(rig, abandoned.callerNumber(), "done", Duration.ofSeconds(45));

        Instant hungUp = ((Timestamp) job.get("hung_up_at")).toInstant();
        Instant sellerAnswered = ((Timestamp) job.get("seller_answered_at")).toInstant();
        Instant connected = ((Timestamp) job.get("connected_at")).toInstant();
        assertThat(job.get("seller")).isEqualTo("Local/r1000-a-w1000-d1-w10000-h@pbx-script");
        // the seller rang after the delay, within a poll (1 s) and the phone's 1 s ring, plus slack for a shared
        // machine
        assertThat(Duration.between(hungUp, sellerAnswered)).isBetween(DELAY, DELAY.plusSeconds(6));
        assertThat((Long) job.get("time_to_callback_ms"))
                .isEqualTo(Duration.between(hungUp, connected).toMillis());

        // callback-answered (job done) runs before Asterisk bridges the two and writes BRIDGE_ENTER
        List<CelEvent> cel = celOnce(event -> event.type().equals("BRIDGE_ENTER")
                && event.channel().startsWith("Local/" + abandoned.callerNumber() + "@pbx-callee"));
        CelEvent callerHangup = cel.stream()
                .filter(event -> event.linkedId().equals(abandoned.linkedId())
                        && event.type().equals("HANGUP")
                        && event.uniqueId().equals(abandoned.linkedId()))
                .findFirst()
                .orElseThrow();
        CelEvent callerBridged = cel.stream()
                .filter(event -> event.type().equals("BRIDGE_ENTER")
                        && event.channel().startsWith("Local/" + abandoned.callerNumber() + "@pbx-callee"))
                .findFirst()
                .orElseThrow();
        CelEvent callerAnswered = cel.stream()
                .filter(event -> event.type().equals("ANSWER")
                        && event.channel().startsWith("Local/" + abandoned.callerNumber() + "@pbx-callee"))
                .findFirst()
                .orElseThrow();
        // callpath's hang-up is the caller leg's hang-up handler, run just after Asterisk's HANGUP
        assertThat(millisBetween(callerHangup.time(), hungUp)).isBetween(-PbxTolerance.millis(), 1_000.0);
        // callback-answered runs on the caller's answer, before the bridge
        assertThat(millisBetween(callerAnswered.time(), connected)).isBetween(-PbxTolerance.millis(), 1_000.0);
        assertThat(millisBetween(connected, callerBridged.time())).isBetween(-PbxTolerance.millis(), 1_000.0);
        assertThat(CallbackJobRows.eventTypes(rig, job))
                .containsExactly("queued", "claimed", "seller_answered", "connected");
        // two servers polled the one database: the caller's phone rang once
        assertThat(cel.stream()
                        .filter(event -> event.type().equals("CHAN_START")
                                && event.channel().startsWith("Local/" + abandoned.callerNumber() + "@pbx-callee")
                                && event.channel().endsWith(";1")))
                .hasSize(1);
    }

    @Test
    void aCallerWhoPressesStarInThePromoIsCalledBackBySellerWhoAcceptsAndBothAreBridged() throws Exception {
        CallResult call = rig.await(offered, Duration.ofSeconds(60));
        CallRow row = call.row();
        assertThat(row.outcome()).isEqualTo("no_seller");
        assertThat(row.outcomeReason()).isEqualTo("callback_queued");
        assertThat(row.route()).isEqualTo("callback");
        // the informer was cut when the offer fell due (2 s after t0, so a few ms less from the informer's start, which
        // the answer precedes); the key came during the offer
        assertThat(row.phases().get("informer"))
                .isBetween(2_000L - (long) PbxTolerance.millis(), 2_000L + 2_200L + (long) PbxTolerance.millis());

        Map<String, Object> job = CallbackJobRows.await(rig, offered.callerNumber(), "done", Duration.ofSeconds(45));
        assertThat(job.get("origin")).isEqualTo("offered");
        assertThat(job.get("linked_id")).isEqualTo(offered.linkedId());
        assertThat(job.get("seller")).isEqualTo("Local/r1000-a-w1000-d1-w10000-h@pbx-script");
        Instant pressed = ((Timestamp) job.get("hung_up_at")).toInstant();
        Instant sellerAnswered = ((Timestamp) job.get("seller_answered_at")).toInstant();
        assertThat(Duration.between(pressed, sellerAnswered)).isBetween(DELAY, DELAY.plusSeconds(6));
        assertThat(CallbackJobRows.eventTypes(rig, job))
                .containsExactly("queued", "claimed", "seller_answered", "connected");

        String callee = "Local/" + offered.callerNumber() + "@pbx-callee";
        List<CelEvent> cel = celOnce(
                event -> event.type().equals("BRIDGE_ENTER") && event.channel().startsWith(callee));
        CelEvent calleeStart = cel.stream()
                .filter(event -> event.type().equals("CHAN_START")
                        && event.channel().startsWith(callee)
                        && event.channel().endsWith(";1"))
                .findFirst()
                .orElseThrow();
        // the seller answered, heard the whisper and pressed the accept key 1 s in; only then was the caller dialled
        assertThat(millisBetween(sellerAnswered, calleeStart.time())).isGreaterThan(900.0);
        assertThat(cel.stream()
                        .filter(event -> event.type().equals("BRIDGE_ENTER")
                                && event.channel().startsWith(callee)))
                .isNotEmpty();
        assertThat(cel.stream()
                        .filter(event -> event.type().equals("CHAN_START")
                                && event.channel().startsWith(callee)
                                && event.channel().endsWith(";1")))
                .hasSize(1);
    }

    @Test
    void aNewCallFromTheNumberCancelsItsCallback() throws Exception {
        rig.await(firstOfTwo, Duration.ofSeconds(60));
        CallbackJobRows.await(rig, firstOfTwo.callerNumber(), "queued", Duration.ofSeconds(10));

        PlacedCall again = rig.call(CallSpec.to("5553000", "a-w1000-h").from(firstOfTwo.callerNumber()));
        rig.await(again, Duration.ofSeconds(30));

        Map<String, Object> job =
                CallbackJobRows.await(rig, firstOfTwo.callerNumber(), "cancelled", Duration.ofSeconds(10));
        assertThat(job.get("end_reason")).isEqualTo("called_in");
        assertThat(job.get("attempts")).isEqualTo(0);
    }

    @Test
    void aCallbackNobodyAnswersIsRetriedAfterItsBackOffThenFails() throws Exception {
        rig.await(unreachable, Duration.ofSeconds(60));
        Map<String, Object> job = CallbackJobRows.await(rig, NEVER_ANSWERS, "failed", Duration.ofSeconds(60));

        assertThat(job.get("attempts")).isEqualTo(2);
        assertThat(job.get("end_reason")).isEqualTo("attempts_exhausted");
        assertThat(CallbackJobRows.eventTypes(rig, job))
                .containsExactly(
                        "queued", "claimed", "seller_answered", "retry", "claimed", "seller_answered", "failed");
    }

    /** Asterisk's CEL once it has an event that {@code expected} matches (10 s at most). */
    private static List<CelEvent> celOnce(java.util.function.Predicate<CelEvent> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<CelEvent> cel = rig.asterisk().cel().events();
        while (cel.stream().noneMatch(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            cel = rig.asterisk().cel().events();
        }
        return cel;
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000_000.0;
    }
}
