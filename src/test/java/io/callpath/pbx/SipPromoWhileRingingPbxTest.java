package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.pbx.SipPhonePlan.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo config as shipped (line main: informer {@code mode: while-ringing} with {@code greetingClass}) over real
 * SIP: caller 301 presses nothing; the default department's sellers 101 and 102 ring (ringall) from the first second
 * while the caller hears the greeting and then the promo (Dial's {@code m(callpath-main-greeting)}, a class of the
 * kit's musiconhold.conf whose first file is the greeting). The caller's RTP goes to a recorder: the first second
 * of ringing must be the start of greeting.wav, every second after the greeting until the bridge the promo itself
 * (correlated sample by sample with informer.wav), not silence and not ringback; after the bridge, the seller's 1000 Hz tone.
 */
@Timeout(
        value = 15,
        unit = TimeUnit.MINUTES) // one call of minutes under load, longer than the default (junit-platform.properties)
class SipPromoWhileRingingPbxTest {

    private static final Path PROMO = Path.of("asterisk-config", "sounds", "en", "callpath", "informer.wav");
    private static final Path GREETING = Path.of("asterisk-config", "sounds", "en", "callpath", "greeting.wav");
    private static final int SAMPLES_PER_SECOND = 8_000;

    private static SipRig rig;

    @BeforeAll
    static void start() {
        rig = SipRig.start("sip-promo", 60, SipRig.DEMO_CONFIG);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.closeAfterCheckingLogs();
        }
    }

    @Test
    void theCallerHearsThePromoAsRtpFromTheFirstRingUntilTheSellerIsBridged() {
        Path scenario = rig.scenarioDirectory("promo-while-ringing");
        Instant before = Instant.now();
        CallResult result;
        List<SipMessage> callerMessages;
        List<SipMessage> sellerMessages;
        try (RtpRecorder ear = new RtpRecorder();
                SippProcess seller = rig.phone(scenario, "101", new SipPhonePlan(7_000, Answer.ANSWER_AND_ACCEPT));
                SippProcess otherSeller = rig.phone(scenario, "102", new SipPhonePlan(0, Answer.NEVER))) {
            rig.awaitAvailable("101", "102");
            try (SippProcess caller =
                    rig.caller(scenario, "caller", "600", SipCallerPlan.hangUpAt(16_000), ear.port(), 1, 1)) {
                assertThat(caller.awaitExit(Duration.ofSeconds(40)))
                        .as(caller.output())
                        .isZero();
                assertThat(seller.awaitExit(Duration.ofSeconds(10)))
                        .as(seller.output())
                        .isEqualTo(SippProcess.STOPPED_BY_SCENARIO);
                assertThat(otherSeller.awaitExit(Duration.ofSeconds(10)))
                        .as("102 rang with 101, cancelled on the answer")
                        .isEqualTo(SippProcess.STOPPED_BY_SCENARIO);
                callerMessages = caller.messages();
                sellerMessages = seller.messages();
            }
            result = rig.onlyCallSince(before);

            CallRow row = result.row();
            assertThat(row.outcome()).isEqualTo("reached_seller");
            assertThat(row.seller()).isEqualTo("PJSIP/101");
            assertThat(row.route()).isEqualTo("sales");
            assertThat(row.phaseSum()).isEqualTo(row.timeToSellerMs());
            // within ±20 ms of CEL; on the early side Asterisk's own bridge lag (stopping the promo, bridging) too
            double minusCel = result.assertTimeToSellerAgreesWithCel(PbxTolerance.millis());

            Instant ringStart = result.cel().events().stream()
                    .filter(event ->
                            event.type().equals("CHAN_START") && event.channel().startsWith("PJSIP/101-"))
                    .findFirst()
                    .orElseThrow()
                    .time();
            CelCall.Bridged bridge = result.cel().firstBridge().orElseThrow();
            Instant bridged = Instant.ofEpochSecond(bridge.micros() / 1_000_000, (bridge.micros() % 1_000_000) * 1_000);
            assertThat(Duration.between(ringStart, bridged).toMillis())
                    .as("ringing + whisper")
                    .isGreaterThan(7_000);

            // the greeting first: the class's first file, from its start, as the phones start ringing
            PromoAudio greeting = PromoAudio.read(GREETING);
            Instant greetingSecond = ringStart.plusMillis(200);
            short[] heardFirst = ear.audio(greetingSecond, greetingSecond.plusSeconds(1));
            assertThat(heardFirst.length)
                    .as("RTP samples in the first second of ringing")
                    .isGreaterThan(7_000);
            int greetingOffset = greeting.bestOffset(heardFirst);
            assertThat(greeting.correlation(heardFirst, greetingOffset))
                    .as("the first second of ringing against the greeting")
                    .isGreaterThan(0.9);
            assertThat(greetingOffset)
                    .as("samples of the greeting played before the first ring + 200 ms")
                    .isLessThan(4_000);
            Instant greetingEnds = greetingSecond.plusMillis((greeting.length() - greetingOffset) / 8);

            PromoAudio promo = PromoAudio.read(PROMO);
            Instant firstSecond = greetingEnds.plusMillis(200);
            short[] start = ear.audio(firstSecond, firstSecond.plusMillis(250));
            assertThat(start.length)
                    .as("RTP samples in the first 250 ms after the greeting")
                    .isGreaterThan(1_600);
            int offset = promo.bestOffset(start);
            List<Double> correlations = new ArrayList<>();
            List<Double> ringbackShares = new ArrayList<>();
            int seconds = 0;
            for (Instant from = firstSecond;
                    from.plusSeconds(1).isBefore(bridged.minusMillis(100));
                    from = from.plusSeconds(1)) {
                short[] window = ear.audio(from, from.plusSeconds(1));
                assertThat(window.length)
                        .as("samples in second %d of ringing", seconds)
                        .isGreaterThan(7_000);
                correlations.add(promo.correlationNear(window, offset + seconds * SAMPLES_PER_SECOND, 480));
                ringbackShares.add(PromoAudio.toneShare(window, 440) + PromoAudio.toneShare(window, 480));
                seconds++;
            }
            assertThat(seconds)
                    .as("whole seconds between the greeting's end and the bridge")
                    .isGreaterThanOrEqualTo(4);
            assertThat(correlations)
                    .as("each second of ringing after the greeting against the promo")
                    .allSatisfy(correlation -> assertThat(correlation).isGreaterThan(0.9));
            assertThat(ringbackShares)
                    .as("ringback (440+480 Hz) share of each second")
                    .allSatisfy(share -> assertThat(share).isLessThan(0.2));

            short[] talk = ear.audio(bridged.plusMillis(800), bridged.plusMillis(1_800));
            assertThat(PromoAudio.toneShare(talk, 1_000))
                    .as("the seller's 1000 Hz after the bridge")
                    .isGreaterThan(0.8);
            assertThat(promo.correlationNear(talk, offset + seconds * SAMPLES_PER_SECOND, 8_000))
                    .as("no promo after the bridge")
                    .isLessThan(0.5);

            List<java.util.Map<String, Object>> promoColumn = rig.query(
                    "SELECT promo_while_ringing_ms FROM calls WHERE linked_id = ?",
                    result.call().linkedId());
            long promoMillis = ((Number) promoColumn.get(0).get("promo_while_ringing_ms")).longValue();
            // callpath's promo ends at SELLER_CONNECTED; Asterisk stops the music and bridges after that (its bridge
            // lag)
            long ringToBridge = Duration.between(ringStart, bridged).toMillis();
            assertThat((double) promoMillis)
                    .as("promo_while_ringing_ms vs CEL ring start to bridge")
                    .isBetween(ringToBridge - result.asteriskBridgeLagMillis() - 100, ringToBridge + 100.0);

            Instant invite = SipCallsPbxTest.authenticatedInvite(callerMessages);
            Instant accepted = SipCallsPbxTest.received(sellerMessages, "ACK").plusMillis(1_640);
            long minusSipp =
                    row.timeToSellerMs() - Duration.between(invite, accepted).toMillis();
            double minCorrelation =
                    correlations.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            PbxDeltas.record(
                    "SIP: greeting then promo while ringing, 101 answers after 7 s and accepts", 1, List.of(minusCel));
            SipDeltaTable.row(
                    "greeting then promo while 101+102 ring from the first second (101 answers at 7 s, whisper, accepts; "
                            + "no key: default department); caller's RTP = greeting, then promo " + seconds
                            + " s, min correlation " + String.format("%.3f", minCorrelation)
                            + "; promo_while_ringing_ms " + promoMillis,
                    "reached_seller PJSIP/101",
                    Long.toString(row.timeToSellerMs()),
                    SipCallsPbxTest.signed(minusCel),
                    SipCallsPbxTest.signed(minusSipp));
        }
    }
}
