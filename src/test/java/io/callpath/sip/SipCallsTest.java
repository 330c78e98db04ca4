package io.callpath.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.sip.PhonePlan.Answer;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole calls over real SIP and RTP: SIPp as caller 301 and as phones 101/102, the kit on Asterisk 22 with PJSIP,
 * callpath in-process with its embedded PostgreSQL. Each scenario checks the {@code calls} row against CEL (±20 ms).
 */
class SipCallsTest {

    private static final long TOLERANCE_MS = 20;
    private static final Duration ROW_WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path directory;
    private static SipRig rig;

    @BeforeAll
    static void start() {
        rig = SipRig.start(directory, 200);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void anRfc2833DigitInThePromoReachesASellerWhoAcceptsByRfc2833AndRtpFlowsBothWays() {
        Path scenario = rig.scenarioDirectory("digit-accept");
        Instant before = Instant.now();
        try (SippProcess seller = rig.phone(scenario, "101", new PhonePlan(2_000, Answer.ANSWER_AND_ACCEPT))) {
            rig.awaitAvailable("101");
            try (SippProcess caller = rig.caller(scenario, "caller", CallerPlan.pressOneAt(3_000, 12_000))) {
                assertThat(caller.awaitExit(Duration.ofSeconds(40))).as(caller.output()).isZero();
                assertThat(seller.awaitExit(Duration.ofSeconds(10))).as(seller.output()).isEqualTo(SippProcess.STOPPED_BY_SCENARIO);

                Map<String, Object> call = onlyCallSince(before);
                assertThat(call).containsEntry("outcome", "reached_seller").containsEntry("seller", "PJSIP/101")
                        .containsEntry("route", "sales");
                String linkedId = (String) call.get("linked_id");
                Cel cel = rig.cel();
                Instant bridged = cel.bridged(linkedId, "PJSIP/101").orElseThrow();
                long celMillis = Duration.between(cel.callerStart(linkedId), bridged).toMillis();
                long timeToSeller = (Long) call.get("time_to_seller_ms");
                assertThat(timeToSeller - celMillis).as("time_to_seller_ms - CEL").isBetween(-TOLERANCE_MS, TOLERANCE_MS);
                assertThat(instant(call, "t0")).isCloseTo(cel.callerStart(linkedId), within());

                Instant invite = authenticatedInvite(caller.messages());
                Instant accepted = phoneAck(seller.messages()).plusMillis(1_640);
                long sippMillis = Duration.between(invite, accepted).toMillis();
                DeltaTable.row("digit 1 (RFC 2833) at 3 s, 101 rings 2 s, accepts by RFC 2833", "reached_seller",
                        Long.toString(timeToSeller), Long.toString(timeToSeller - celMillis),
                        Long.toString(timeToSeller - sippMillis));
            }
        }
    }

    private static Map<String, Object> onlyCallSince(Instant before) {
        List<Map<String, Object>> calls = rig.query("SELECT * FROM calls WHERE t0 >= ? ORDER BY t0",
                Timestamp.from(before.minusSeconds(1)));
        assertThat(calls).hasSize(1);
        return rig.awaitCall((String) calls.get(0).get("linked_id"), ROW_WAIT);
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Timestamp timestamp ? timestamp.toInstant()
                : ((java.time.OffsetDateTime) value).toInstant();
    }

    private static org.assertj.core.data.TemporalUnitOffset within() {
        return new org.assertj.core.data.TemporalUnitWithinOffset(TOLERANCE_MS, java.time.temporal.ChronoUnit.MILLIS);
    }

    /** When the caller sent the INVITE with credentials: Asterisk creates the channel on it. */
    static Instant authenticatedInvite(List<SipMessage> messages) {
        return messages.stream().filter(m -> m.sent() && m.method().equals("INVITE") && !m.header("Authorization").isEmpty()
                || m.sent() && m.method().equals("INVITE") && !m.header("Proxy-Authorization").isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no authenticated INVITE in " + messages)).time();
    }

    /** When the phone got the ACK to its 200 OK to the INVITE. */
    static Instant phoneAck(List<SipMessage> messages) {
        return messages.stream().filter(m -> !m.sent() && m.method().equals("ACK")).findFirst()
                .orElseThrow(() -> new AssertionError("no ACK in " + messages)).time();
    }
}
