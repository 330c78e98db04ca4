package io.callpath.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.sip.PhonePlan.Answer;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole calls over real SIP and RTP: SIPp as caller 301 (dialling 600, the kit's test number for line main) and as
 * phones 101/102, the kit on Asterisk 22 with PJSIP, callpath in-process with its embedded PostgreSQL. Each scenario
 * checks the {@code calls} row, and {@code time_to_seller_ms} (or, for an abandon, the wait) against CEL within
 * ±20 ms; the delta against SIPp's own message timestamps is written to target/sip-scenario-deltas.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SipCallsTest {

    private static final long TOLERANCE_MS = 20;
    private static final Duration ROW_WAIT = Duration.ofSeconds(15);
    /** The phones press their accept key 1,500 ms after the ACK; Asterisk counts it at the end packet, 140 ms later. */
    private static final long PHONE_ACCEPT_AFTER_ACK_MS = 1_640;

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

    /** A scenario that failed half-way must not leave channels (and busy device states) to the next one. */
    @AfterEach
    void hangUpLeftovers() {
        rig.asterisk().cli("channel request hangup all");
    }

    private record Phone(String user, PhonePlan plan) {
    }

    /** What one scenario left: its calls row, CEL, and each SIPp's messages. */
    private record Run(Map<String, Object> call, Cel cel, List<SipMessage> caller, Map<String, List<SipMessage>> phones,
                       Object during) {

        String linkedId() {
            return (String) call.get("linked_id");
        }

        long timeToSeller() {
            return (Long) call.get("time_to_seller_ms");
        }

        long waited() {
            return ((Number) call.get("waited_ms")).longValue();
        }
    }

    private static Run run(String name, CallerPlan plan, Supplier<Object> during, Phone... phones) {
        Path scenario = rig.scenarioDirectory(name);
        Instant before = Instant.now();
        List<SippProcess> started = new ArrayList<>();
        try {
            for (Phone phone : phones) {
                started.add(rig.phone(scenario, phone.user(), phone.plan()));
            }
            rig.awaitAvailable(java.util.Arrays.stream(phones).map(Phone::user).toArray(String[]::new));
            SippProcess caller = rig.caller(scenario, "caller", plan);
            started.add(caller);
            Object seen = during.get();
            assertThat(caller.awaitExit(Duration.ofSeconds(60))).as(caller.output()).isZero();
            Map<String, List<SipMessage>> phoneMessages = new java.util.HashMap<>();
            for (int i = 0; i < phones.length; i++) {
                SippProcess phone = started.get(i);
                assertThat(phone.awaitExit(Duration.ofSeconds(20))).as(phone.output())
                        .isEqualTo(SippProcess.STOPPED_BY_SCENARIO);
                phoneMessages.put(phones[i].user(), phone.messages());
            }
            return new Run(onlyCallSince(before), rig.cel(), caller.messages(), phoneMessages, seen);
        } finally {
            started.forEach(SippProcess::close);
        }
    }

    private static Run run(String name, CallerPlan plan, Phone... phones) {
        return run(name, plan, () -> null, phones);
    }

    @Test
    @Order(1)
    void anRfc2833DigitInThePromoReachesASellerWhoAcceptsByRfc2833AndRtpFlowsBothWays() {
        Run run = run("digit-accept", CallerPlan.pressOneAt(3_000, 10_000),
                () -> RtpFlow.whileBridged(rig.asterisk(), "301", "101", 20_000),
                new Phone("101", new PhonePlan(2_000, Answer.ANSWER_AND_ACCEPT)));

        assertThat(run.call()).containsEntry("outcome", "reached_seller").containsEntry("seller", "PJSIP/101")
                .containsEntry("route", "sales");
        assertThat((Long) run.call().get("informer_ms")).isBetween(3_000L, 4_000L);
        RtpFlow.Flow flow = (RtpFlow.Flow) run.during();
        // 20 ms packets: about 50 a second each way on each leg once bridged
        assertThat(flow.received("301")).as("caller's audio reaching Asterisk").isGreaterThan(30);
        assertThat(flow.sent("101")).as("caller's audio bridged to the seller").isGreaterThan(30);
        assertThat(flow.received("101")).as("seller's audio reaching Asterisk").isGreaterThan(30);
        assertThat(flow.sent("301")).as("seller's audio bridged to the caller").isGreaterThan(30);
        reachedAgreesWithCelAndSipp(run, "PJSIP/101", "101",
                "digit 1 (RFC 2833) 3 s into the promo; 101 rings 2 s, accepts by RFC 2833; RTP both ways");
    }

    @Test
    @Order(2)
    void aSellerAlreadyOnACallIsSkippedWithoutRinging() {
        Path scenario = rig.scenarioDirectory("busy-seller-setup");
        try (SippProcess busySeller = rig.phone(scenario, "101", new PhonePlan(200, Answer.ANSWER_SILENT))) {
            rig.awaitAvailable("101");
            try (SippProcess otherCall = rig.caller(scenario, "other-call", "101", CallerPlan.hangUpAt(14_000), 0, 1, 1)) {
                awaitInUse("101");

                Run run = run("busy-seller", CallerPlan.pressOneAt(2_000, 8_000),
                        new Phone("102", new PhonePlan(1_000, Answer.ANSWER_AND_ACCEPT)));

                assertThat(run.call()).containsEntry("outcome", "reached_seller").containsEntry("seller", "PJSIP/102");
                assertThat(run.cel().legsOf(run.linkedId(), "PJSIP/101")).as("101 never rang").isEmpty();
                assertThat(rig.query("SELECT attributes ->> 'deviceState' AS state FROM call_events "
                        + "WHERE linked_id = ? AND type = 'SELLER_SKIPPED' AND attributes ->> 'seller' = 'PJSIP/101'",
                        run.linkedId())).extracting(row -> row.get("state")).containsExactly("INUSE");
                reachedAgreesWithCelAndSipp(run, "PJSIP/102", "102",
                        "101 on another call (INUSE) is skipped without ringing; 102 accepts");
                assertThat(otherCall.awaitExit(Duration.ofSeconds(20))).as(otherCall.output()).isZero();
                assertThat(busySeller.awaitExit(Duration.ofSeconds(10))).isEqualTo(SippProcess.STOPPED_BY_SCENARIO);
            }
        }
    }

    @Test
    @Order(3)
    void aSellerAnswering486BusyIsMissedAndTheNextSellerIsReached() {
        Run run = run("486", CallerPlan.pressOneAt(2_000, 9_000),
                new Phone("101", new PhonePlan(1_000, Answer.BUSY)),
                new Phone("102", new PhonePlan(1_000, Answer.ANSWER_AND_ACCEPT)));

        assertThat(run.call()).containsEntry("outcome", "reached_seller").containsEntry("seller", "PJSIP/102");
        assertThat(missedStatus(run, "PJSIP/101")).isEqualTo("BUSY");
        reachedAgreesWithCelAndSipp(run, "PJSIP/102", "102", "101 rings 1 s, 486 Busy Here; 102 accepts");
    }

    @Test
    @Order(4)
    void aSellerAnswering480IsMissedAndTheNextSellerIsReached() {
        Run run = run("480", CallerPlan.pressOneAt(2_000, 9_000),
                new Phone("101", new PhonePlan(500, Answer.UNAVAILABLE)),
                new Phone("102", new PhonePlan(1_000, Answer.ANSWER_AND_ACCEPT)));

        assertThat(run.call()).containsEntry("outcome", "reached_seller").containsEntry("seller", "PJSIP/102");
        // Asterisk maps 480 to cause 18 (no user responding): Dial reports it as NOANSWER, at once, not after the ring time
        assertThat(missedStatus(run, "PJSIP/101")).isEqualTo("NOANSWER");
        assertThat((Long) run.call().get("seller_ringing_ms")).isLessThan(5_000L);
        reachedAgreesWithCelAndSipp(run, "PJSIP/102", "102",
                "101 rings 0.5 s, 480 Temporarily Unavailable (DIALSTATUS NOANSWER); 102 accepts");
    }

    @Test
    @Order(5)
    void aSellerWhoDoesNotAnswerRingsOutAndTheNextSellerIsReached() {
        Run run = run("no-answer", CallerPlan.pressOneAt(2_000, 24_000),
                new Phone("101", new PhonePlan(0, Answer.NEVER)),
                new Phone("102", new PhonePlan(1_000, Answer.ANSWER_AND_ACCEPT)));

        assertThat(run.call()).containsEntry("outcome", "reached_seller").containsEntry("seller", "PJSIP/102");
        assertThat(missedStatus(run, "PJSIP/101")).isEqualTo("NOANSWER");
        assertThat((Long) run.call().get("seller_ringing_ms")).isGreaterThan(15_000L);
        reachedAgreesWithCelAndSipp(run, "PJSIP/102", "102", "101 never answers (15 s ring timeout, CANCEL); 102 accepts");
    }

    @Test
    @Order(6)
    void aCallerHangingUpInThePromoIsAnAbandonInTheInformer() {
        Run run = run("bye-in-promo", CallerPlan.hangUpAt(4_000));

        assertThat(run.call()).containsEntry("outcome", "abandoned").containsEntry("abandon_phase", "informer");
        abandonAgreesWithCelAndSipp(run, "BYE 4 s into the promo");
    }

    @Test
    @Order(7)
    void aCallerHangingUpWhileTheSellerRingsIsAnAbandonInSellerRinging() {
        Run run = run("bye-while-ringing", CallerPlan.pressOneAt(2_000, 5_300),
                new Phone("101", new PhonePlan(0, Answer.NEVER)));

        assertThat(run.call()).containsEntry("outcome", "abandoned").containsEntry("abandon_phase", "seller_ringing");
        abandonAgreesWithCelAndSipp(run, "digit 1 at 2 s, BYE 3 s into 101's ringing");
    }

    @Test
    @Order(8)
    @Disabled("defect: on main a caller who hangs up 2 s into the whisper is recorded as abandoned in seller_ringing, "
            + "with whisper_ms running on to the end of the seller's accept timeout (waited 13.8 s, CEL 4.6 s); "
            + "branch defects (issue 8) records it as an abandon in the whisper")
    void aCallerHangingUpDuringTheWhisperIsAnAbandonInTheWhisper() {
        Run run = run("bye-in-whisper", CallerPlan.pressOneAt(2_000, 4_500),
                new Phone("101", new PhonePlan(300, Answer.ANSWER_SILENT)));

        assertThat(run.call()).containsEntry("outcome", "abandoned").containsEntry("abandon_phase", "whisper");
        assertThat(run.call().get("time_to_seller_ms")).isNull();
        abandonAgreesWithCelAndSipp(run, "digit 1 at 2 s, 101 answers, BYE during the whisper");
    }

    @Test
    @Order(9)
    void twentySipCallsAtOnceAreAllRecordedAndAgreeWithCel() {
        Path scenario = rig.scenarioDirectory("twenty");
        Instant before = Instant.now();
        List<SipMessage> messages;
        try (SippProcess callers = rig.caller(scenario, "callers", "600", CallerPlan.hangUpAt(6_000), 0, 20, 20)) {
            assertThat(callers.awaitExit(Duration.ofSeconds(60))).as(callers.output()).isZero();
            messages = callers.messages();
        }
        List<Map<String, Object>> calls = rig.awaitFinishedCallsSince(Timestamp.from(before.minusMillis(500)), 20, ROW_WAIT);
        assertThat(calls).hasSize(20).allSatisfy(call -> assertThat(call)
                .containsEntry("outcome", "abandoned").containsEntry("abandon_phase", "informer"));
        Cel cel = rig.cel();
        List<Instant> invites = messages.stream().filter(m -> m.sent() && m.method().equals("INVITE")
                && !m.header("Authorization").isEmpty()).map(SipMessage::time).sorted().toList();
        List<Instant> byes = messages.stream().filter(m -> m.sent() && m.method().equals("BYE"))
                .map(SipMessage::time).sorted().toList();
        assertThat(invites).hasSize(20);
        List<Long> minusCel = new ArrayList<>();
        List<Long> minusSipp = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Map<String, Object> call = calls.get(i);
            String linkedId = (String) call.get("linked_id");
            long waited = ((Number) call.get("waited_ms")).longValue();
            minusCel.add(waited - Duration.between(cel.callerStart(linkedId), cel.callerHangUp(linkedId)).toMillis());
            // every caller hangs up 6 s after its own ACK: pair the i-th INVITE with the i-th BYE and the i-th call by t0
            minusSipp.add(waited - Duration.between(invites.get(i), byes.get(i)).toMillis());
        }
        assertThat(minusCel).allSatisfy(delta -> assertThat(delta).isBetween(-TOLERANCE_MS, TOLERANCE_MS));
        DeltaTable.row("20 callers at once (20 calls/s), each BYE 6 s into the promo", "20 × abandoned in informer",
                "(waited, 20 calls)", "max abs " + maxAbs(minusCel) + ", median " + signed(median(minusCel)),
                "max abs " + maxAbs(minusSipp) + ", median " + signed(median(minusSipp)));
    }

    private static long maxAbs(List<Long> values) {
        return values.stream().mapToLong(Math::abs).max().orElse(0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void reachedAgreesWithCelAndSipp(Run run, String sellerEndpoint, String sellerUser, String scenario) {
        Cel cel = run.cel();
        String linkedId = run.linkedId();
        Instant callerStart = cel.callerStart(linkedId);
        long celMillis = Duration.between(callerStart, cel.bridged(linkedId, sellerEndpoint)
                .orElseThrow(() -> new AssertionError("no bridge with " + sellerEndpoint + " in CEL"))).toMillis();
        long timeToSeller = run.timeToSeller();
        assertThat(timeToSeller - celMillis).as("time_to_seller_ms %d - CEL %d", timeToSeller, celMillis)
                .isBetween(-TOLERANCE_MS, TOLERANCE_MS);
        assertThat(Duration.between(callerStart, instant(run.call(), "t0")).toMillis()).as("t0 - CEL CHAN_START")
                .isBetween(-TOLERANCE_MS, TOLERANCE_MS);
        Instant invite = authenticatedInvite(run.caller());
        Instant accepted = received(run.phones().get(sellerUser), "ACK").plusMillis(PHONE_ACCEPT_AFTER_ACK_MS);
        long sippMillis = Duration.between(invite, accepted).toMillis();
        DeltaTable.row(scenario, "reached_seller " + sellerEndpoint, Long.toString(timeToSeller),
                signed(timeToSeller - celMillis), signed(timeToSeller - sippMillis));
    }

    private static void abandonAgreesWithCelAndSipp(Run run, String scenario) {
        Cel cel = run.cel();
        String linkedId = run.linkedId();
        long celMillis = Duration.between(cel.callerStart(linkedId), cel.callerHangUp(linkedId)).toMillis();
        assertThat(run.waited() - celMillis).as("waited_ms %d - CEL hang-up %d", run.waited(), celMillis)
                .isBetween(-TOLERANCE_MS, TOLERANCE_MS);
        Instant invite = authenticatedInvite(run.caller());
        Instant bye = run.caller().stream().filter(m -> m.sent() && m.method().equals("BYE")).findFirst()
                .orElseThrow(() -> new AssertionError("caller sent no BYE")).time();
        long sippMillis = Duration.between(invite, bye).toMillis();
        DeltaTable.row(scenario, "abandoned in " + run.call().get("abandon_phase"), "(waited " + run.waited() + ")",
                signed(run.waited() - celMillis), signed(run.waited() - sippMillis));
    }

    private static String missedStatus(Run run, String seller) {
        List<Map<String, Object>> rows = rig.query("SELECT attributes ->> 'dialStatus' AS status FROM call_events "
                + "WHERE linked_id = ? AND type = 'SELLER_MISSED' AND attributes ->> 'seller' = ?", run.linkedId(), seller);
        assertThat(rows).as("SELLER_MISSED of %s", seller).hasSize(1);
        return (String) rows.get(0).get("status");
    }

    /** Waits until {@code pjsip show endpoint} says the endpoint is "In use" (DEVICE_STATE INUSE). */
    private static void awaitInUse(String endpoint) {
        long deadline = System.currentTimeMillis() + 10_000;
        String seen = "";
        while (System.currentTimeMillis() < deadline) {
            seen = rig.asterisk().cli("pjsip show endpoint " + endpoint);
            if (seen.lines().anyMatch(line -> line.contains("Endpoint:") && line.contains("In use"))) {
                return;
            }
            KitAsterisk.sleep(100);
        }
        throw new AssertionError(endpoint + " never In use: " + seen);
    }

    private static Map<String, Object> onlyCallSince(Instant before) {
        List<Map<String, Object>> calls = rig.query("SELECT linked_id FROM calls WHERE t0 >= ? ORDER BY t0",
                Timestamp.from(before.minusMillis(500)));
        assertThat(calls).as("calls since the scenario started").hasSize(1);
        return rig.awaitCall((String) calls.get(0).get("linked_id"), ROW_WAIT);
    }

    static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : ((OffsetDateTime) value).toInstant();
    }

    /** When the caller sent the INVITE with credentials: Asterisk creates the channel on it. */
    static Instant authenticatedInvite(List<SipMessage> messages) {
        return messages.stream().filter(m -> m.sent() && m.method().equals("INVITE")
                        && !(m.header("Authorization").isEmpty() && m.header("Proxy-Authorization").isEmpty()))
                .findFirst().orElseThrow(() -> new AssertionError("no authenticated INVITE")).time();
    }

    static Instant received(List<SipMessage> messages, String method) {
        return messages.stream().filter(m -> !m.sent() && m.method().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + method + " received")).time();
    }

    static String signed(long millis) {
        return (millis > 0 ? "+" : "") + millis;
    }
}
