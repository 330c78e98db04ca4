package io.callpath.pbx;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offered callback on a line whose default department rings during the greeting (informer.greetingClass), on a
 * real Asterisk 22 with the kit's dialplan ([callpath-keys-offer]) and musiconhold.conf, callbacks through AMI. Sales
 * (one phone that never answers) rings from the first second for 8 s; the offer is due 3 s after arrival: the Dial is
 * cut then, "press star to be called back" (2.2 s) plays, and sales rings again for the rest of its 8 s. Three callers
 * at once: one presses * in the offer, one presses * at 1.5 s while the phones ring, one presses nothing. About 30 s.
 */
class OfferDuringGreetingRingingPbxTest {

    private static final long OFFER_AFTER_MS = 3_000;
    private static final long SALES_RING_MS = 8_000;
    private static final String NEVER_ANSWERS = "Local/n@pbx-script";
    private static final String CALLBACK_SELLER = "Local/r1000-a-w1000-d1-w10000-h@pbx-script";
    private static final String CALLBACK = "    callback:\n"
            + "      enabled: true\n"
            + "      delay: 2s\n"
            + "      department: callbacks\n"
            + "      ringTime: 8s\n"
            + "      maxAttempts: 1\n"
            + "      maxBusySellers: 4\n"
            + "      offerAfter: 3s\n"
            + "      dial: \"Local/{number}@pbx-callee\"\n";
    private static final String CALLBACK_DEPARTMENT = "  callbacks:\n"
            + "    sellers: [" + CALLBACK_SELLER + "]\n"
            + "    ringTimeout: 5s\n"
            + "    whisper: callpath/dept-sales\n"
            + "    acceptKey: \"1\"\n"
            + "    acceptTimeout: 3s\n"
            + "    acceptPrompt: callpath/accept\n";
    /** The called-back caller's phone rings 1 s, answers, talks 6 s. */
    private static final String CALLEE = "[pbx-callee]\nexten => _X.,1,Goto(pbx-script,r1000-a-w6000-h,1)\n";

    private static final String EVENT_TYPES = "SELECT type FROM call_events WHERE linked_id = ? ORDER BY offset_ms";

    private static PbxRig rig;
    private static PlacedCall starInTheOffer;
    private static PlacedCall starWhileRinging;
    private static PlacedCall silent;

    @BeforeAll
    static void placeCalls() throws IOException {
        rig = PbxRig.builder("offer-during-greeting")
                .withDesks()
                .editCallpathConfig(OfferDuringGreetingRingingPbxTest::offering)
                .asteriskConfig(
                        "musiconhold.conf", Files.readString(Path.of("asterisk-config", "musiconhold.conf"), UTF_8))
                .dialplan(CALLEE)
                .start();
        // the offer plays from 3 s to 5.2 s; * at 4 s (+ SendDTMF's few hundred ms) falls in it
        starInTheOffer = rig.call("5551000", "a-w4000-d*-w20000");
        // * at 1.5 s: sales rings, the offer is not due yet
        starWhileRinging = rig.call("5551000", "a-w1500-d*-w20000");
        silent = rig.call("5551000", "a-w30000");
    }

    /** Line main rings sales during the greeting (as config/callpath.yaml ships it), offers a callback after 3 s. */
    static String offering(String yaml) {
        String sales = "  sales:\n    sellers: [" + PromoWhileRingingPbxTest.SELLER + "]\n    ringTimeout: 5s\n";
        String edited = RingDuringGreetingPromoPbxTest.ringDuringGreeting(yaml)
                .replace(
                        "    connectingPrompt: callpath/connecting\n",
                        "    connectingPrompt: callpath/connecting\n" + CALLBACK)
                .replace(sales, "  sales:\n    sellers: [" + NEVER_ANSWERS + "]\n    ringTimeout: 8s\n")
                .replace("\ndepartments:\n", "\ndepartments:\n" + CALLBACK_DEPARTMENT);
        assertThat(edited)
                .as("callpath-pbx.yaml changed: adapt this edit")
                .contains("offerAfter: 3s", "sellers: [" + NEVER_ANSWERS + "]\n    ringTimeout: 8s", "  callbacks:\n");
        return edited;
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aCallerWhoPressesStarInTheOfferIsRecordedCallbackQueuedAndASellerCallsThemBack() throws Exception {
        CallResult result = rig.await(starInTheOffer, Duration.ofSeconds(60));
        CallRow row = result.row();

        assertThat(row.outcome()).as(row.toString()).isEqualTo("no_seller");
        assertThat(row.outcomeReason()).isEqualTo("callback_queued");
        assertThat(row.route()).isEqualTo("callback");
        // the phases partition the wait: they add up to the end of waiting, the NO_SELLER event
        assertThat(row.phaseSum()).as(row.toString()).isEqualTo(offsetOf(row.linkedId(), "NO_SELLER"));
        // Asterisk's clock: the Dial (sales ringing, the greeting class as music) ended when the offer fell due
        double ringingEnded = firstMusicStopMillis(result);
        assertThat(ringingEnded).isBetween(OFFER_AFTER_MS - PbxTolerance.millis(), OFFER_AFTER_MS + 300.0);
        // the Dial ends at its timeout as Asterisk's scheduler gets to it: a few ms late on a busy machine (3,002 seen)
        assertThat(row.phase("seller_ringing"))
                .as(row.toString())
                .isBetween(OFFER_AFTER_MS - 1_000, OFFER_AFTER_MS + 300);
        // Asterisk heard the * during the offer (2.2 s), and the wait ends with it
        double star = starMillis(result);
        assertThat(star).isBetween(ringingEnded, ringingEnded + 2_200.0);
        assertThat((double) row.waitedMs()).as(row.toString()).isBetween(star - PbxTolerance.millis(), star + 500.0);
        assertThat(rig.texts(EVENT_TYPES, row.linkedId())).contains("CALLBACK_OFFERED");
        String caller = result.cel().callerChannel();
        assertThat(rig.asterisk().logLinesContaining("<" + caller + "> Playing 'callpath/callback-offer."))
                .hasSize(1);

        Map<String, Object> job =
                CallbackJobRows.await(rig, starInTheOffer.callerNumber(), "done", Duration.ofSeconds(45));
        assertThat(job.get("origin")).isEqualTo("offered");
        assertThat(job.get("linked_id")).isEqualTo(row.linkedId());
        assertThat(((Number) job.get("waited_ms")).longValue()).isCloseTo(row.waitedMs(), within(2L));
        // a seller's phone rang for the callback after the delay, the seller accepted, the caller was dialled
        assertThat(job.get("seller")).isEqualTo(CALLBACK_SELLER);
        Instant pressed = ((Timestamp) job.get("hung_up_at")).toInstant();
        Instant sellerAnswered = ((Timestamp) job.get("seller_answered_at")).toInstant();
        assertThat(Duration.between(pressed, sellerAnswered)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
        assertThat(job.get("connected_at")).isNotNull();
    }

    @Test
    void aCallerWhoPressesStarWhileThePhonesRingBeforeTheOfferIsRecordedCallbackQueuedWithAJobOfOriginOffered()
            throws Exception {
        CallResult result = rig.await(starWhileRinging, Duration.ofSeconds(60));
        CallRow row = result.row();

        assertThat(row.outcome()).as(row.toString()).isEqualTo("no_seller");
        assertThat(row.outcomeReason()).isEqualTo("callback_queued");
        assertThat(row.route()).isEqualTo("callback");
        // the phases partition the wait: they add up to the end of waiting, the NO_SELLER event
        assertThat(row.phaseSum()).as(row.toString()).isEqualTo(offsetOf(row.linkedId(), "NO_SELLER"));
        // the * ended the Dial (its d option, EXITCONTEXT callpath-keys-offer) before the offer was due
        double star = starMillis(result);
        assertThat(star).isBetween(1_500.0, OFFER_AFTER_MS - 200.0);
        assertThat(firstMusicStopMillis(result)).isBetween(star - 50.0, star + 300.0);
        assertThat((double) row.waitedMs()).as(row.toString()).isBetween(star - PbxTolerance.millis(), star + 500.0);
        assertThat(rig.texts(EVENT_TYPES, row.linkedId())).doesNotContain("CALLBACK_OFFERED");
        String caller = result.cel().callerChannel();
        assertThat(rig.asterisk().logLinesContaining("<" + caller + "> Playing 'callpath/callback-offer."))
                .isEmpty();
        assertThat(rig.asterisk().logLinesContaining("<" + caller + "> Playing 'callpath/callback-queued."))
                .hasSize(1);

        Map<String, Object> job =
                CallbackJobRows.await(rig, starWhileRinging.callerNumber(), null, Duration.ofSeconds(10));
        assertThat(job.get("origin")).isEqualTo("offered");
        assertThat(job.get("linked_id")).isEqualTo(row.linkedId());
    }

    @Test
    void aCallerWhoPressesNothingHearsTheOfferBetweenTwoRingingsOfTheSamePhoneThatTogetherLastItsRingTime() {
        CallResult result = rig.await(silent, Duration.ofSeconds(60));
        CallRow row = result.row();

        assertThat(row.outcome()).as(row.toString()).isEqualTo("no_seller");
        assertThat(row.outcomeReason()).isEqualTo("no_answer");
        // the phases partition the wait: they add up to the end of waiting, the NO_SELLER event
        assertThat(row.phaseSum()).as(row.toString()).isEqualTo(offsetOf(row.linkedId(), "NO_SELLER"));
        // sales rang 8 s in all, in two Dials; the offer (2.2 s) between them counts as menu
        assertThat(row.phase("seller_ringing")).as(row.toString()).isBetween(SALES_RING_MS - 100, SALES_RING_MS + 300);
        assertThat(row.phase("menu")).as(row.toString()).isBetween(2_200L, 3_400L);
        assertThat(firstMusicStopMillis(result))
                .isBetween(OFFER_AFTER_MS - PbxTolerance.millis(), OFFER_AFTER_MS + 300.0);
        String caller = result.cel().callerChannel();
        // the greeting class started again after the offer (Asterisk resumes a files class where it stopped)
        assertThat(rig.asterisk()
                        .logLinesContaining(
                                "Started music on hold, class 'callpath-main-greeting', on channel '" + caller + "'"))
                .hasSize(2);
        assertThat(rig.asterisk().logLinesContaining("<" + caller + "> Playing 'callpath/callback-offer."))
                .hasSize(1);
    }

    @Test
    void theCallsLeaveNoProblemInEitherLog() {
        for (PlacedCall call : List.of(starInTheOffer, starWhileRinging, silent)) {
            rig.await(call, Duration.ofSeconds(60));
        }
        rig.assertNoUnexpectedProblems();
    }

    /** Milliseconds from the caller channel's creation to Asterisk's first "Stopped music on hold" on it. */
    private static double firstMusicStopMillis(CallResult result) {
        String caller = result.cel().callerChannel();
        List<String> stopped = rig.asterisk().logLinesContaining("Stopped music on hold on " + caller);
        assertThat(stopped).as("MOH stops on %s", caller).isNotEmpty();
        return result.millisToAsteriskLogLine(stopped.get(0));
    }

    /** Milliseconds from the caller channel's creation to the * Asterisk heard on it (CEL DTMF). */
    private static double starMillis(CallResult result) {
        List<CelEvent> digits = result.cel().callerDigits();
        assertThat(digits).as("DTMF on the caller channel").hasSize(1);
        return (digits.get(0).micros() - result.cel().callerCreated().micros()) / 1000.0;
    }

    private static long offsetOf(String linkedId, String type) {
        try (Connection connection = rig.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT offset_ms FROM call_events WHERE linked_id = ? AND type = ?")) {
            select.setString(1, linkedId);
            select.setString(2, type);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("%s of %s", type, linkedId).isTrue();
                long offset = rows.getLong(1);
                assertThat(rows.next()).as("one %s of %s", type, linkedId).isFalse();
                return offset;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
