package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every route of issue 8 on a real Asterisk: the calls of all scenarios are placed at once in {@link #placeCalls()},
 * each test waits for its own and checks the calls row against Asterisk's CEL. Phones and callers are the pbx-script
 * steps of extensions-pbx-test.conf; departments and lines are those of callpath-pbx.yaml.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallRoutesPbxTest {
    // Phase lengths are checked against CEL where Asterisk sees the same moment (a key, a bridge, a hang-up); where it
    // does not, against the scripted delays: at least the delay, and an upper bound loose enough for a busy machine.

    /** Asterisk's clock and ours may disagree by this much (issue 8: 20 ms; {@link PbxTolerance}). */
    static final double TOLERANCE_MS = PbxTolerance.millis();
    /**
     * For the other moments checked against CEL (a key ending the promo, an assistant's bridge, a hang-up): callpath
     * learns of them from an AGI reply, which a busy machine delays by a few tens of ms; a phase booked to the wrong
     * step would be off by seconds.
     */
    static final double MOMENT_TOLERANCE_MS = Math.max(50, TOLERANCE_MS);

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    static final String SELLER_101 = "Local/r1000-a-w1000-d1-w3000-h@pbx-script";
    static final String SELLER_102 = "Local/r1500-a-w1000-d1-w3000-h@pbx-script";
    static final String SELLER_DECLINING = "Local/r1000-a-w15000-h@pbx-script";
    static final String ASSISTANT = "Local/r1000-a-w3000-h@pbx-script";

    static PbxRig rig;
    static final List<Double> deltas = new ArrayList<>();
    static final List<Double> t0Deltas = new ArrayList<>();
    static int callsAtOnce;

    static PlacedCall keyDuringPromo;
    static PlacedCall keyAfterMenu;
    static PlacedCall noKey;
    static PlacedCall overflow;
    static PlacedCall busySeller;
    static PlacedCall decliningSeller;
    static PlacedCall hangsUpInPromo;
    static PlacedCall hangsUpWhileSellerRings;
    static PlacedCall russian;
    static PlacedCall unknownDid;
    static CompletableFuture<PlacedCall[]> repeatCaller;
    static CompletableFuture<PlacedCall[]> repeatCallerOfSecondDepartment;

    @BeforeAll
    static void placeCalls() {
        rig = PbxRig.builder("routes").start();
        rig.expectCallpathProblem("no line has DID '5559999'");
        keyDuringPromo = rig.call("5551000", "a-w1500-d1-w30000");
        // informer budget 4 s, then the 6.7 s menu prompt, then 3 s to press: 12 s is inside the menu's wait
        keyAfterMenu = rig.call("5551000", "a-w12000-d1-w30000");
        noKey = rig.call("5551000", "a-w40000");
        overflow = rig.call("5553000", "a-w40000");
        busySeller = rig.call("5551000", "a-w1500-d3-w30000");
        decliningSeller = rig.call("5551000", "a-w1500-d4-w40000");
        hangsUpInPromo = rig.call("5551000", "a-w2000-h");
        hangsUpWhileSellerRings = rig.call("5551000", "a-w1500-d5-w4000-h");
        russian = rig.call(CallSpec.to("610", "a-w1500-d1-w30000").at("610", "callpath-test"));
        unknownDid = rig.call("5559999", "a-w30000");
        repeatCaller =
                callAgain(rig.call(CallSpec.to("5551000", "a-w1500-d1-w30000").from("5558000001")), "5551000");
        repeatCallerOfSecondDepartment =
                callAgain(rig.call(CallSpec.to("5551000", "a-w1500-d3-w30000").from("5558000002")), "5551000");
        callsAtOnce = 12;
    }

    /** Once the first call has ended and been recorded, the same number calls again and stays silent. */
    private static CompletableFuture<PlacedCall[]> callAgain(PlacedCall first, String did) {
        return CompletableFuture.supplyAsync(() -> {
            rig.await(first, CALL_TIMEOUT);
            PlacedCall second = rig.call(CallSpec.to(did, "a-w30000").from(first.callerNumber()));
            return new PlacedCall[] {first, second};
        });
    }

    @AfterAll
    static void stop() {
        try {
            if (!deltas.isEmpty()) {
                PbxDeltas.record("routes: every time-to-seller above", callsAtOnce, deltas);
                PbxDeltas.record("routes: t0 (callpath - CEL CHAN_START)", callsAtOnce, t0Deltas);
            }
        } finally {
            if (rig != null) {
                rig.close();
            }
        }
    }

    @Test
    @Order(1)
    void keyDuringThePromoGoesStraightToTheDepartment() {
        CallResult result = rig.await(keyDuringPromo, CALL_TIMEOUT);
        CallRow row = reachedSeller("key during the promo", result, "sales", SELLER_101);
        assertThat(row.phase("menu")).isZero();
        // the promo lasted until the caller's key: Asterisk saw it on the caller's channel
        double keyAt = (result.cel().callerDigits().get(0).micros()
                        - result.cel().callerCreated().micros())
                / 1000.0;
        assertThat((double) row.phase("informer")).as(row.toString()).isCloseTo(keyAt, within(MOMENT_TOLERANCE_MS));
        assertThat(row.phase("seller_ringing")).as(row.toString()).isBetween(1_000L, 3_000L);
        assertThat(row.repeatCaller()).isFalse();
        assertThat(row.line()).isEqualTo("main");
        assertThat(row.did()).isEqualTo("5551000");
        assertThat(row.campaign()).isEqualTo("spring-promo");
        assertThat(row.source()).isEqualTo("google-ads");
        assertThat(row.callerNumber()).isEqualTo(keyDuringPromo.callerNumber());
    }

    @Test
    @Order(2)
    void keyAfterTheMenuPromptGoesToTheDepartment() {
        CallResult result = rig.await(keyAfterMenu, CALL_TIMEOUT);
        CallRow row = reachedSeller("key after the menu", result, "sales", SELLER_101);
        assertThat(row.phase("informer")).as("the 4 s budget, from t0").isBetween(4_000L, 6_000L);
        double keyAt = (result.cel().callerDigits().get(0).micros()
                        - result.cel().callerCreated().micros())
                / 1000.0;
        assertThat((double) row.phase("informer") + row.phase("menu"))
                .as(row.toString())
                .isCloseTo(keyAt, within(MOMENT_TOLERANCE_MS));
    }

    @Test
    @Order(3)
    void noKeyRingsTheAssistants() {
        CallResult result = rig.await(noKey, CALL_TIMEOUT);
        CallRow row = result.row();
        assertThat(row.route()).as(row.toString()).isEqualTo("assistant");
        assertThat(row.outcome()).isEqualTo("no_seller");
        assertThat(row.abandonPhase()).isNull();
        assertThat(row.assistantInvolved()).isTrue();
        assertThat(row.timeToSellerMs()).isNull();
        assertThat(row.phase("informer")).isBetween(4_000L, 6_000L);
        assertThat(row.phase("menu"))
                .as("the 6.7 s menu prompt and 3 s of silence")
                .isBetween(9_600L, 12_000L);
        assertThat(row.phase("assistant_ringing")).isBetween(1_000L, 3_000L);
        assertThat(result.cel().firstBridge())
                .hasValueSatisfying(
                        bridged -> assertThat(bridged.peer().dialString()).isEqualTo(ASSISTANT));
        // the ringing ended when the assistant answered and Asterisk bridged them; their talk is the last phase
        double bridgedAt = result.cel().timeToBridgeMillis().orElseThrow();
        assertThat((double) row.waitedMs() - row.phase("assistant_talking"))
                .as(row.toString())
                .isCloseTo(bridgedAt, within(MOMENT_TOLERANCE_MS));
    }

    @Test
    @Order(4)
    void assistantWhoNeverAnswersOverflowsToTheSellers() {
        CallResult result = rig.await(overflow, CALL_TIMEOUT);
        CallRow row = reachedSeller("assistant never answers -> overflow", result, "sales", SELLER_101);
        assertThat(row.line()).isEqualTo("overflow");
        assertThat(row.phase("assistant_ringing")).as("answerTimeout 2 s").isBetween(2_000L, 4_000L);
        assertThat(row.assistantInvolved()).as(row.toString()).isFalse();
    }

    @Test
    @Order(5)
    void busySellerPassesTheCallToTheNext() {
        CallResult result = rig.await(busySeller, CALL_TIMEOUT);
        CallRow row = reachedSeller("busy seller -> next", result, "busyfirst", SELLER_101);
        assertThat(row.phase("seller_ringing")).as(row.toString()).isBetween(1_000L, 3_000L);
    }

    @Test
    @Order(6)
    void sellerWhoDoesNotAcceptPassesTheCallToTheNext() {
        CallResult result = rig.await(decliningSeller, CALL_TIMEOUT);
        CallRow row = reachedSeller("seller does not accept -> next", result, "picky", SELLER_102);
        // the first seller heard the whole whisper and the accept prompt, then the 2 s accept timeout
        assertThat(row.phase("whisper")).as(row.toString()).isGreaterThan(8_000L);
    }

    @Test
    @Order(7)
    void callerWhoHangsUpInThePromoIsAnAbandonInTheInformer() {
        CallResult result = rig.await(hangsUpInPromo, CALL_TIMEOUT);
        CallRow row = result.row();
        assertThat(row.outcome()).as(row.toString()).isEqualTo("abandoned");
        assertThat(row.abandonPhase()).isEqualTo("informer");
        assertThat(row.timeToSellerMs()).isNull();
        assertThat(row.seller()).isNull();
        assertThat(row.waitedMs()).isEqualTo(row.phase("informer"));
        double hungUpAt = result.cel().timeToCallerSideHangupMillis().orElseThrow();
        assertThat((double) row.waitedMs()).as(row.toString()).isCloseTo(hungUpAt, within(MOMENT_TOLERANCE_MS));
        PbxDeltas.record(
                "hang-up in the promo: waited - caller's HANGUP", callsAtOnce, List.of(row.waitedMs() - hungUpAt));
    }

    @Test
    @Order(8)
    void callerWhoHangsUpWhileTheSellerRingsIsAnAbandonInSellerRinging() {
        CallResult result = rig.await(hangsUpWhileSellerRings, CALL_TIMEOUT);
        CallRow row = result.row();
        assertThat(row.route()).isEqualTo("nobody");
        assertThat(row.outcome()).as(row.toString()).isEqualTo("abandoned");
        assertThat(row.abandonPhase()).isEqualTo("seller_ringing");
        assertThat(row.timeToSellerMs()).isNull();
        assertThat(row.phase("seller_ringing")).isPositive();
        // callpath hears of it when Asterisk's Dial returns, which CEL shows ~40 ms after the caller's own side hung
        // up (Local channels, measured here): the wait ends at that Dial's end, and never before the hang-up
        double hungUpAt = result.cel().timeToCallerSideHangupMillis().orElseThrow();
        double dialEndedAt = result.cel().timeToCallerAppEndMillis("Dial").orElseThrow();
        assertThat((double) row.waitedMs())
                .as(row.toString())
                .isCloseTo(dialEndedAt, within(MOMENT_TOLERANCE_MS))
                .isGreaterThanOrEqualTo(hungUpAt - MOMENT_TOLERANCE_MS);
        PbxDeltas.record(
                "hang-up while ringing: waited - caller's HANGUP", callsAtOnce, List.of(row.waitedMs() - hungUpAt));
    }

    @Test
    @Order(9)
    void repeatCallerSkipsThePromoAndRingsTheirLastSeller() {
        PlacedCall[] calls = repeatCaller.join();
        CallResult first = rig.await(calls[0], CALL_TIMEOUT);
        reachedSeller("repeat caller: first call", first, "sales", SELLER_101);
        CallResult second = rig.await(calls[1], CALL_TIMEOUT);
        CallRow row = reachedSeller("repeat caller: second call", second, "sales", SELLER_101);
        assertThat(row.repeatCaller()).as(row.toString()).isTrue();
        assertThat(row.phase("informer")).isZero();
        assertThat(row.phase("menu")).isZero();
    }

    @Test
    @Order(10)
    void repeatCallerIsRecordedUnderTheDepartmentOfTheirPreviousCall() {
        PlacedCall[] calls = repeatCallerOfSecondDepartment.join();
        CallResult first = rig.await(calls[0], CALL_TIMEOUT);
        reachedSeller("repeat caller (2nd department): first", first, "busyfirst", SELLER_101);
        CallResult second = rig.await(calls[1], CALL_TIMEOUT);
        CallRow row = reachedSeller("repeat caller (2nd department): second", second, "busyfirst", SELLER_101);
        assertThat(row.repeatCaller()).isTrue();
    }

    @Test
    @Order(11)
    void russianLinePlaysTheRussianPromptsAndReachesTheSeller() {
        CallResult result = rig.await(russian, CALL_TIMEOUT);
        CallRow row = reachedSeller("Russian line", result, "sales", SELLER_101);
        assertThat(row.line()).isEqualTo("main");
        assertThat(row.did()).isEqualTo("5551000");
        assertThat(arrivalAttribute(russian, "language")).isEqualTo("ru");
        // Asterisk played the promo from sounds/ru/ on the caller's channel
        assertThat(rig.asterisk()
                        .logLinesContaining("<" + result.cel().callerChannel() + "> Playing 'callpath/informer."))
                .singleElement()
                .asString()
                .endsWith("(language 'ru')");
    }

    @Test
    @Order(12)
    void unknownDidFallsBackToTheAdministratorsPhoneAndIsRecordedAsFailed() {
        CallResult result = rig.await(unknownDid, CALL_TIMEOUT);
        CallRow row = result.row();
        assertThat(row.outcome()).as(row.toString()).isEqualTo("failed");
        assertThat(row.outcomeReason()).contains("unknown_did");
        assertThat(result.cel().firstBridge())
                .as("the dialplan's fallback reached a phone")
                .hasValueSatisfying(
                        bridged -> assertThat(bridged.peer().dialString()).isEqualTo(PbxRig.FALLBACK_PHONE));
    }

    @Test
    @Order(13)
    void unknownDidIsRecordedWithItsNumberAndCaller() {
        CallRow row = rig.await(unknownDid, CALL_TIMEOUT).row();
        assertThat(row.did()).isEqualTo("5559999");
        assertThat(row.callerNumber()).isEqualTo(unknownDid.callerNumber());
        assertThat(row.route()).isEqualTo("fallback");
    }

    @Test
    @Order(14)
    void callsT0IsExactlyTheT0TheCallArrivedWith() {
        CallRow row = rig.await(keyDuringPromo, CALL_TIMEOUT).row();
        String arrived = arrivalAttribute(keyDuringPromo, "t0");
        assertThat(row.t0Micros()).as("calls.t0 vs CALL_ARRIVED t0=%s", arrived).isEqualTo(CelEvent.micros(arrived));
    }

    @Test
    @Order(100)
    void bothLogsAreCleanAfterEveryCall() {
        for (PlacedCall call : List.of(
                keyDuringPromo,
                keyAfterMenu,
                noKey,
                overflow,
                busySeller,
                decliningSeller,
                hangsUpInPromo,
                hangsUpWhileSellerRings,
                russian,
                unknownDid)) {
            rig.await(call, CALL_TIMEOUT);
        }
        for (PlacedCall call : repeatCaller.join()) {
            rig.await(call, CALL_TIMEOUT);
        }
        for (PlacedCall call : repeatCallerOfSecondDepartment.join()) {
            rig.await(call, CALL_TIMEOUT);
        }
        rig.assertNoUnexpectedProblems();
    }

    /** The checks every call that reached a seller shares; the delta goes into the deltas table. */
    static CallRow reachedSeller(String scenario, CallResult result, String route, String seller) {
        CallRow row = result.assertReachedSeller(route, seller);
        double delta = result.timeToSellerDeltaMillis();
        synchronized (deltas) {
            deltas.add(delta);
            t0Deltas.add(result.t0DeltaMillis());
        }
        PbxDeltas.record(scenario, callsAtOnce, List.of(delta));
        result.assertTimeToSellerAgreesWithCel(TOLERANCE_MS);
        return row;
    }

    static String arrivalAttribute(PlacedCall call, String attribute) {
        try (var connection = rig.dataSource().getConnection();
                var select = connection.prepareStatement(
                        "SELECT attributes ->> ? FROM call_events WHERE linked_id = ? AND type = 'CALL_ARRIVED'")) {
            select.setString(1, attribute);
            select.setString(2, call.linkedId());
            try (var result = select.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
