package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.app.RunningCallpath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 10's overload and shutdown on the real Asterisk, through the kit's dialplan: a call over
 * {@code server.maxSessions} hears OVERLOADED and the dialplan rings its fallback at once; during a shutdown the call
 * in flight is still served to its seller (its answered and hang-up sessions arrive while callpath drains) and a new
 * call is told STOPPING and rings the fallback. Each gets its recorded outcome.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverloadAndStoppingPbxTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_SESSIONS = 6;
    static final String SALES_SELLER = "Local/r1000-a-w1000-d1-w3000-h@pbx-script";

    static PbxRig rig;

    @BeforeAll
    static void start() {
        rig = PbxRig.builder("overload-stopping")
                .editCallpathConfig(yaml -> yaml.replace(
                        "  shutdownGrace: 2s\n",
                        "  shutdownGrace: 2s\n  maxSessions: " + MAX_SESSIONS + "\n  headerTimeout: 60s\n"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void aCallOverTheLimitIsToldOverloadedRingsTheFallbackAtOnceAndIsRecorded() throws IOException {
        assertThat(rig.config().server().maxSessions()).isEqualTo(MAX_SESSIONS);
        rig.expectCallpathProblem("refused call \\S+ \\((incoming|hangup)\\) from 127\\.0\\.0\\.1: " + MAX_SESSIONS
                + " sessions is server\\.maxSessions; raise it or add a callpath server");
        rig.expectCallpathProblem(
                "closed FastAGI connection from 127\\.0\\.0\\.1: connection closed before the header ended");
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_SESSIONS; i++) {
                silent.add(new Socket(
                        InetAddress.getLoopbackAddress(), rig.callpath().port()));
            }
            await("the silent connections hold every session")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> rig.callpath().server().activeSessions() == MAX_SESSIONS);
            PlacedCall call = rig.call("5551000", "a-w30000");
            CelCall cel = rig.awaitAsteriskEnd(call, CALL_TIMEOUT);
            assertThat(cel.firstBridge())
                    .as("the caller was bridged with the dialplan's fallback phone")
                    .hasValueSatisfying(
                            bridged -> assertThat(bridged.peer().dialString()).isEqualTo(PbxRig.FALLBACK_PHONE));
            // no promo, no menu: the fallback rang as soon as callpath refused
            assertThat(cel.timeToBridgeMillis().orElseThrow()).isLessThan(5_000.0);
            CallRow row = awaitEnded(call);
            assertThat(row.outcome()).as(row.toString()).isEqualTo("failed");
            assertThat(row.outcomeReason()).as(row.toString()).isEqualTo("overloaded");
            assertThat(rig.callpath().server().counts().overloaded()).isGreaterThanOrEqualTo(1);
            System.out.printf(
                    "pbx overload: over maxSessions, the caller bridged with the fallback %.0f ms after arriving%n",
                    cel.timeToBridgeMillis().orElseThrow());
        } finally {
            for (Socket connection : silent) {
                connection.close();
            }
        }
        await("the silent sessions end with their connections")
                .atMost(Duration.ofSeconds(10))
                .until(() -> rig.callpath().server().activeSessions() == 0);
    }

    @Test
    @Order(2)
    void duringShutdownTheCallInFlightReachesItsSellerAndANewCallIsToldStopping() throws Exception {
        RunningCallpath running = rig.callpath();
        PlacedCall inFlight = rig.call("5551000", "a-w1500-d1-w30000");
        await("the sales seller rings")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> rig.asterisk().cli("core show channels concise").contains("r1000-a-w1000-d1-w3000-h"));
        // the seller's whisper (answered) and every hang-up session now arrive while callpath drains
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> rig.stopCallpath(Duration.ofSeconds(20)));
        await("callpath drains")
                .atMost(Duration.ofSeconds(5))
                .until(() -> !running.server().listening());
        PlacedCall late = rig.call("5551000", "a-w30000");

        CelCall lateCel = rig.awaitAsteriskEnd(late, CALL_TIMEOUT);
        assertThat(lateCel.firstBridge())
                .as("the call that came during the drain was bridged with the fallback phone")
                .hasValueSatisfying(
                        bridged -> assertThat(bridged.peer().dialString()).isEqualTo(PbxRig.FALLBACK_PHONE));
        assertThat(lateCel.timeToBridgeMillis().orElseThrow()).isLessThan(5_000.0);
        CelCall inFlightCel = rig.awaitAsteriskEnd(inFlight, CALL_TIMEOUT);
        stopped.get(40, TimeUnit.SECONDS);
        assertThat(running.server().counts().refusedStopping()).isGreaterThanOrEqualTo(1);

        // every event was flushed before the database stopped: a new start reads both calls whole
        rig.startCallpath();
        CallResult served = new CallResult(inFlight, inFlightCel, rig.row(inFlight.linkedId()));
        CallRow reached = served.assertReachedSeller("sales", SALES_SELLER);
        assertThat(reached.endedAt()).as(reached.toString()).isNotNull();
        served.assertTimeToSellerAgreesWithCel(CallRoutesPbxTest.TOLERANCE_MS);
        CallRow refused = rig.row(late.linkedId()).orElseThrow();
        assertThat(refused.outcome()).as(refused.toString()).isEqualTo("failed");
        assertThat(refused.outcomeReason()).as(refused.toString()).isEqualTo("stopping");
        assertThat(refused.endedAt()).as(refused.toString()).isNotNull();
        System.out.printf(
                "pbx stopping: in flight reached %s, time-to-seller %d ms (callpath - CEL %+.1f ms);"
                        + " the call during the drain bridged with the fallback %.0f ms after arriving%n",
                reached.seller(),
                reached.timeToSellerMs(),
                served.timeToSellerDeltaMillis(),
                lateCel.timeToBridgeMillis().orElseThrow());
    }

    @Test
    @Order(100)
    void bothLogsAreClean() {
        rig.assertNoUnexpectedProblems();
    }

    private static CallRow awaitEnded(PlacedCall call) {
        return await("callpath records " + call.linkedId())
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> rig.row(call.linkedId()).orElse(null), row -> row != null && row.endedAt() != null);
    }
}
