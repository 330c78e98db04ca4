package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defects the real PBX showed in the whisper, held on the real PBX: a seller who hangs up in the whisper, a caller
 * who hangs up in it; t0 to the microsecond; and the FreePBX shape of docs/deploy.md, sellers dialled as
 * {@code Local/<ext>@from-internal} through the PBX's own context (do-not-disturb, follow-me).
 */
class WhisperAndFreePbxPbxTest {

    static final double TOLERANCE_MS = 20;
    static final int CALLS_AT_ONCE = 4;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    static final String DROPS_IN_WHISPER = "Local/r1000-a-w1000-h@pbx-script";
    static final String ACCEPTS = "Local/r1500-a-w1000-d1-w3000-h@pbx-script";
    static final String ACCEPTS_LATE = "Local/r1000-a-w3000-d1-w3000-h@pbx-script";
    /** callpath-pbx.yaml's department picky (menu key 4): a seller who answers and never presses, then one who accepts. */
    static final String NEVER_PRESSES = "Local/r1000-a-w15000-h@pbx-script";

    static final String PICKY_SECOND = "Local/r1500-a-w1000-d1-w3000-h@pbx-script";

    /** A FreePBX-style from-internal: extensions with the PBX's own do-not-disturb and follow-me in front of the phones. */
    static final String FROM_INTERNAL = """
            [from-internal]
            ; 203 has do-not-disturb on: busy, as FreePBX answers for a DND extension
            exten => 203,1,Busy(5)
            ; 202 follows the seller: the desk phone (never answered) and the mobile ring together; the mobile takes it
            exten => 202,1,Dial(Local/n@pbx-script&Local/r1500-a-w1000-d1-w3000-h@pbx-script,20)
             same => n,Hangup()
            """;

    static PbxRig rig;
    static final List<Double> deltas = new ArrayList<>();
    static PlacedCall sellerDrops;
    static PlacedCall callerLeavesInWhisper;
    static PlacedCall freePbx;
    static PlacedCall callerLeavesBeforeADecline;

    @BeforeAll
    static void placeCalls() {
        rig = PbxRig.builder("whisper-freepbx")
                .editCallpathConfig(yaml -> yaml.replace(
                                "        \"5\": nobody\n",
                                "        \"5\": nobody\n        \"6\": dropfirst\n        \"7\": slowaccept\n        \"8\": freepbx\n")
                        + departments())
                .dialplan(FROM_INTERNAL)
                .start();
        // Asterisk's own word for a seller leg that hung up inside the U() gosub (the case this class plays)
        rig.expectAsteriskProblem("Abnormal 'Gosub\\(callpath-answered,s,1\\(");
        sellerDrops = rig.call("5551000", "a-w1500-d6-w30000");
        // the key at ~1.6 s, the seller answers ~1 s after, whispers until pressing 1 three seconds later; the caller
        // hangs up ~4.2 s into the call, inside that whisper
        callerLeavesInWhisper = rig.call("5551000", "a-w1500-d7-w2500-h");
        freePbx = rig.call("5551000", "a-w1500-d8-w30000");
        // picky: the key at ~1.6 s, the first seller answers ~1 s after and never presses; the caller hangs up ~4.2 s
        // into the call, in the whisper; the seller declines at the 2 s accept timeout, its gosub saying BUSY
        callerLeavesBeforeADecline = rig.call("5551000", "a-w1500-d4-w2500-h");
    }

    private static String departments() {
        return """
                  dropfirst:
                    sellers: [%s, %s]
                    ringTimeout: 5s
                    whisper: callpath/dept-sales
                    acceptKey: "1"
                    acceptTimeout: 3s
                    acceptPrompt: callpath/accept
                  slowaccept:
                    sellers: [%s]
                    ringTimeout: 5s
                    whisper: callpath/dept-sales
                    acceptKey: "1"
                    acceptTimeout: 3s
                    acceptPrompt: callpath/accept
                  freepbx:
                    sellers: [Local/203@from-internal, Local/202@from-internal]
                    ringTimeout: 5s
                    whisper: callpath/dept-sales
                    acceptKey: "1"
                    acceptTimeout: 3s
                    acceptPrompt: callpath/accept
                """.formatted(DROPS_IN_WHISPER, ACCEPTS, ACCEPTS_LATE);
    }

    @AfterAll
    static void stop() {
        try {
            if (!deltas.isEmpty()) {
                PbxDeltas.record("whisper + FreePBX: all that reached a seller", CALLS_AT_ONCE, deltas);
            }
        } finally {
            if (rig != null) {
                rig.close();
            }
        }
    }

    @Test
    void sellerWhoHangsUpInTheWhisperPassesTheCallerToTheNextSeller() {
        CallResult result = rig.await(sellerDrops, CALL_TIMEOUT);
        CallRow row = reachedSeller("seller hangs up in the whisper -> next seller", result, "dropfirst", ACCEPTS);
        assertThat(eventReasons(sellerDrops, "SELLER_DECLINED")).containsExactly(DROPS_IN_WHISPER + " hung_up");
        assertThat(eventReasons(sellerDrops, "SELLER_MISSED")).containsExactly(DROPS_IN_WHISPER + " BUSY");
        assertThat(row.phase("seller_ringing")).as(row.toString()).isGreaterThan(2_000);
    }

    @Test
    void callerWhoHangsUpDuringTheWhisperIsAnAbandonInTheWhisper() {
        CallResult result = rig.await(callerLeavesInWhisper, CALL_TIMEOUT);
        CallRow row = result.row();
        assertThat(row.outcome()).as(row.toString()).isEqualTo("abandoned");
        assertThat(row.abandonPhase()).as(row.toString()).isEqualTo("whisper");
        assertThat(row.seller()).as(row.toString()).isNull();
        assertThat(row.timeToSellerMs()).as(row.toString()).isNull();
        // callpath reads the caller's hang-up flag from the seller's leg when the whisper ends; CEL's HANGUP of the
        // caller channel comes later still, when Dial has bridged the dead leg and let it go
        double channelEndedAt = result.cel().timeToCallerHangupMillis().orElseThrow();
        assertThat((double) row.waitedMs())
                .as(row + " vs CEL hang-up at " + channelEndedAt)
                .isLessThanOrEqualTo(channelEndedAt + TOLERANCE_MS);
        assertThat(row.phase("whisper")).as(row.toString()).isPositive();
    }

    @Test
    void callerWhoHangsUpInTheWhisperOfASellerWhoThenDeclinesIsAnAbandonInTheWhisperAndNobodyElseRings() {
        CallResult result = rig.await(callerLeavesBeforeADecline, CALL_TIMEOUT);
        CallRow row = result.row();
        assertThat(row.outcome()).as(row.toString()).isEqualTo("abandoned");
        assertThat(row.abandonPhase()).as(row.toString()).isEqualTo("whisper");
        assertThat(row.seller()).as(row.toString()).isNull();
        assertThat(row.timeToSellerMs()).as(row.toString()).isNull();
        assertThat(row.phaseSum()).as(row.toString()).isEqualTo(row.waitedMs());
        // the seller who declined is counted as before: declined in the whisper, then missed with Dial's BUSY
        assertThat(eventReasons(callerLeavesBeforeADecline, "SELLER_DECLINED"))
                .containsExactly(NEVER_PRESSES + " no_key");
        assertThat(eventReasons(callerLeavesBeforeADecline, "SELLER_MISSED")).containsExactly(NEVER_PRESSES + " BUSY");
        assertThat(result.cel().events())
                .as("the second seller is not rung for a caller who is gone")
                .noneMatch(event -> event.channel().startsWith(PICKY_SECOND + "-"));
        // callpath learns of the hang-up as Dial returns after the decline, just before the caller's hang-up handler
        double channelEndedAt = result.cel().timeToCallerHangupMillis().orElseThrow();
        assertThat((double) row.waitedMs())
                .as(row + " vs CEL hang-up at " + channelEndedAt)
                .isLessThanOrEqualTo(channelEndedAt + TOLERANCE_MS);
    }

    @Test
    void freePbxSellersDialledThroughFromInternalKeepDoNotDisturbAndFollowMe() {
        CallResult result = rig.await(freePbx, CALL_TIMEOUT);
        reachedSeller(
                "FreePBX shape: DND seller busy -> follow-me seller", result, "freepbx", "Local/202@from-internal");
        assertThat(eventReasons(freePbx, "SELLER_MISSED")).containsExactly("Local/203@from-internal BUSY");
    }

    @Test
    void t0IsTheCallerChannelsCreationToTheMicrosecond() {
        for (PlacedCall call : List.of(sellerDrops, callerLeavesInWhisper, freePbx, callerLeavesBeforeADecline)) {
            CallResult result = rig.await(call, CALL_TIMEOUT);
            // CDR(start,u) against CEL's CHAN_START of the same channel: both microseconds, taken moments apart
            assertThat(result.t0DeltaMillis()).as(result.toString()).isCloseTo(0.0, within(0.5));
        }
    }

    @Test
    void bothLogsAreCleanAfterEveryCall() {
        for (PlacedCall call : List.of(sellerDrops, callerLeavesInWhisper, freePbx, callerLeavesBeforeADecline)) {
            rig.await(call, CALL_TIMEOUT);
        }
        rig.assertNoUnexpectedProblems();
    }

    /** The checks every call that reached a seller shares; its delta goes into the deltas table. */
    private static CallRow reachedSeller(String scenario, CallResult result, String route, String seller) {
        CallRow row = result.assertReachedSeller(route, seller);
        double delta = result.timeToSellerDeltaMillis();
        synchronized (deltas) {
            deltas.add(delta);
        }
        PbxDeltas.record(scenario, CALLS_AT_ONCE, List.of(delta));
        result.assertTimeToSellerAgreesWithCel(TOLERANCE_MS);
        return row;
    }

    /** "seller reason" (or "seller dialStatus") of each event of {@code type}, in time order. */
    private static List<String> eventReasons(PlacedCall call, String type) {
        String detail = type.equals("SELLER_MISSED") ? "dialStatus" : "reason";
        try (var connection = rig.dataSource().getConnection();
                var select =
                        connection.prepareStatement("SELECT attributes ->> 'seller', attributes ->> ? FROM call_events "
                                + "WHERE linked_id = ? AND type = ? ORDER BY offset_ms")) {
            select.setString(1, detail);
            select.setString(2, call.linkedId());
            select.setString(3, type);
            List<String> reasons = new ArrayList<>();
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    reasons.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
            return reasons;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
