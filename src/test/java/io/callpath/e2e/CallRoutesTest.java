package io.callpath.e2e;

import static io.callpath.e2e.CallpathRig.mainLineCaller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.Endpoint;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every route of the default config/callpath.yaml, end to end: FakeAsterisk -> FastAgiServer -> flows -> events ->
 * CallTimeline. Time is simulated, so the phases are exact: ANSWER takes 500 ms, prompts and rings what the
 * {@link CallpathRig#pbx()} says.
 */
class CallRoutesTest {

    private static final String MAIN_DID = "5551000";

    private final CallpathRig rig = new CallpathRig(CallpathRig.defaultConfig());

    @AfterEach
    void stop() {
        rig.close();
    }

    /** The wait is exactly partitioned: the phases add up to time-to-seller (or to the end of waiting). */
    private static void assertPhasesSumTo(CallSummary summary, long millis) {
        assertThat(summary.phaseMillis().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .as("sum of phases %s", summary.phaseMillis())
                .isEqualTo(millis);
    }

    @Test
    void informerPlayedOutThenMenuDigitReachesSellerAtNineteenSeconds() {
        CallRecord record = rig.call(mainLineCaller("5550101")
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
        assertThat(summary.route()).isEqualTo("sales");
        assertThat(summary.seller()).isEqualTo("PJSIP/101");
        // informer = ANSWER 500 ms + the 9.5 s promo; menu: pressed 3 s into GET DATA; ring 4 s; accepted 2 s into the
        // whisper
        assertThat(summary.phaseMillis())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Phase.INFORMER,
                        10_000L,
                        Phase.MENU,
                        3_000L,
                        Phase.SELLER_RINGING,
                        4_000L,
                        Phase.WHISPER,
                        2_000L));
        assertThat(summary.timeToSellerMillis()).isEqualTo(19_000L);
        assertPhasesSumTo(summary, 19_000L);
        assertThat(summary.campaign()).isEqualTo("spring-promo");
        assertThat(summary.source()).isEqualTo("google-ads");
        assertThat(summary.did()).isEqualTo(MAIN_DID);
        assertThat(summary.line()).isEqualTo("main");
        assertThat(summary.callerNumber()).isEqualTo("5550101");
        assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
        assertThat(record.variable("CALLPATH_ROUTE")).contains("sales");
        assertThat(record.answeredBy()).contains("PJSIP/101");
        assertThat(rig.events.events(record.linkedId()))
                .extracting(CallEvent::type)
                .contains(EventType.CALL_ENDED);
    }

    @Test
    void keyDuringInformerIsTheMenuChoice() {
        CallRecord record = rig.call(mainLineCaller("5550102")
                .pressInPrompt("callpath/informer", Duration.ofMillis(4_500), '2')
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.route()).isEqualTo("service");
        assertThat(summary.seller()).isEqualTo("PJSIP/103");
        // service has no accept key: the whole line whisper (3 s) and department whisper (2 s) play
        assertThat(summary.phaseMillis())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(Phase.INFORMER, 5_000L, Phase.SELLER_RINGING, 4_000L, Phase.WHISPER, 5_000L));
        assertThat(summary.timeToSellerMillis()).isEqualTo(14_000L);
        assertPhasesSumTo(summary, 14_000L);
        assertThat(routeChosen(record)).containsEntry("digit", "2").containsEntry("reason", "menu");
    }

    @Test
    void zeroGoesToAssistantWhoBlindTransfersToSales() {
        rig.close();
        try (CallpathRig transferring = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbxWithTransferringAssistant().build(),
                CallpathRig.MONDAY_10_00)) {
            CallRecord record = transferring.call(mainLineCaller("5550103")
                    .pressInPrompt("callpath/informer", Duration.ofMillis(4_500), '0')
                    .build());

            CallSummary summary = transferring.summary(record);
            // sessions are listed as they end: each answered session ends inside the Dial of its caller session
            assertThat(record.sessions())
                    .extracting(s -> s.scriptName())
                    .containsExactly("answered", "incoming", "answered", "handoff", "hangup");
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.transfers()).isEqualTo(1);
            assertThat(summary.assistantInvolved()).isTrue();
            // the route is what the flow chose; where the assistant sent the caller is the transfer's department
            assertThat(summary.route()).isEqualTo("assistant");
            assertThat(transferring.events.events(record.linkedId()))
                    .filteredOn(e -> e.type() == EventType.TRANSFERRED)
                    .extracting(e -> e.attribute("department"))
                    .containsExactly("sales");
            assertThat(summary.seller()).isEqualTo("PJSIP/101");
            // assistant rings 3 s, talks 20 s; the hand-off plays "connecting" (1 s) as transfer hold
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            Phase.INFORMER,
                            5_000L,
                            Phase.ASSISTANT_RINGING,
                            3_000L,
                            Phase.ASSISTANT_TALKING,
                            20_000L,
                            Phase.TRANSFER_HOLD,
                            1_000L,
                            Phase.SELLER_RINGING,
                            4_000L,
                            Phase.WHISPER,
                            2_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(35_000L);
            assertPhasesSumTo(summary, 35_000L);
            assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
        }
    }

    @Test
    void menuTimeoutsRetryThenFallBackToAssistant() {
        CallRecord record = rig.call(mainLineCaller("5550104").build());

        CallSummary summary = rig.summary(record);
        assertThat(routeChosen(record)).containsEntry("route", "assistant").containsEntry("reason", "no_input");
        // three GET DATA of 3 s prompt + 5 s timeout, two "no input" notices of 2 s between them
        assertThat(summary.phaseMillis())
                .containsEntry(Phase.MENU, 28_000L)
                .containsEntry(Phase.ASSISTANT_RINGING, 3_000L);
        assertThat(summary.assistantInvolved()).isTrue();
        assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
        assertThat(summary.outcomeReason()).isEqualTo("assistant_only");
        assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void invalidKeysRetryThenFallBackToAssistant() {
        CallRecord record = rig.call(mainLineCaller("5550105")
                // each GET DATA starts 3 s after the last (1 s of it, then a 2 s "invalid"), the first at 10 s
                .pressAt(Duration.ofSeconds(11), '9')
                .pressAt(Duration.ofSeconds(14), '8')
                .pressAt(Duration.ofSeconds(17), '7')
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(routeChosen(record))
                .containsEntry("route", "assistant")
                .containsEntry("reason", "invalid")
                .containsEntry("digit", "7");
        // three GET DATA cut 1 s in, two "invalid" notices of 2 s
        assertThat(summary.phaseMillis()).containsEntry(Phase.MENU, 7_000L);
        assertThat(rig.fakeCommands(record, "incoming"))
                .filteredOn(c -> c.startsWith("STREAM FILE callpath/invalid"))
                .hasSize(2);
    }

    @Test
    void zeroInMenuGoesToAssistant() {
        CallRecord record = rig.call(mainLineCaller("5550106")
                .cue(Cue.pressInNextGetData('0', Duration.ofSeconds(2)))
                .build());

        assertThat(routeChosen(record)).containsEntry("route", "assistant").containsEntry("reason", "zero");
        CallSummary summary = rig.summary(record);
        assertThat(summary.phaseMillis())
                .containsEntry(Phase.MENU, 2_000L)
                .containsEntry(Phase.ASSISTANT_RINGING, 3_000L);
        assertThat(record.answeredBy()).contains("PJSIP/201");
    }

    @Test
    void busyAssistantOverflowsStraightToSellers() {
        rig.close();
        try (CallpathRig busy = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbx().endpoint("PJSIP/201", Endpoint.busy()).build(),
                CallpathRig.MONDAY_10_00)) {
            CallRecord record = busy.call(mainLineCaller("5550107")
                    .cue(Cue.pressInNextGetData('0', Duration.ofSeconds(1)))
                    .build());

            CallSummary summary = busy.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.route()).isEqualTo("sales");
            assertThat(busy.events.events(record.linkedId()))
                    .filteredOn(e -> e.type() == EventType.ROUTE_CHOSEN)
                    .extracting(e -> e.attribute("reason"))
                    .containsExactly("zero", "assistants_busy");
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            Phase.INFORMER,
                            10_000L,
                            Phase.MENU,
                            1_000L,
                            Phase.ASSISTANT_RINGING,
                            0L,
                            Phase.SELLER_RINGING,
                            4_000L,
                            Phase.WHISPER,
                            2_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(17_000L);
        }
    }

    @Test
    void assistantNotAnsweringWithinAnswerTimeoutOverflowsToSellers() {
        rig.close();
        try (CallpathRig slow = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbx().endpoint("PJSIP/201", Endpoint.neverAnswers()).build(),
                CallpathRig.MONDAY_10_00)) {
            CallRecord record = slow.call(mainLineCaller("5550108")
                    .cue(Cue.pressInNextGetData('0', Duration.ofSeconds(1)))
                    .build());

            CallSummary summary = slow.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            // answerTimeout: 10s in the default config
            assertThat(summary.phaseMillis()).containsEntry(Phase.ASSISTANT_RINGING, 10_000L);
            assertThat(summary.timeToSellerMillis()).isEqualTo(27_000L);
            assertPhasesSumTo(summary, 27_000L);
        }
    }

    @Test
    void sellerWhoDoesNotAcceptPassesTheCallToTheNextSeller() {
        rig.close();
        try (CallpathRig declining = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbx()
                        .endpoint("PJSIP/101", Endpoint.answersAfter(Duration.ofSeconds(4)))
                        .build(),
                CallpathRig.MONDAY_10_00)) {
            CallRecord record = declining.call(mainLineCaller("5550109")
                    .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                    .build());

            CallSummary summary = declining.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.seller()).isEqualTo("PJSIP/102");
            assertThat(record.dialStatuses()).containsExactly("BUSY", "ANSWER");
            assertThat(declining.events.events(record.linkedId()))
                    .filteredOn(e -> e.type() == EventType.SELLER_DECLINED)
                    .extracting(e -> e.attribute("seller"), e -> e.attribute("reason"))
                    .containsExactly(tuple("PJSIP/101", "no_key"));
            // 101: ring 4 s, whisper 3 + 2 s, accept prompt 1 s + 5 s timeout; then 102: ring 4 s, whisper 2 s
            assertThat(summary.phaseMillis())
                    .containsEntry(Phase.SELLER_RINGING, 8_000L)
                    .containsEntry(Phase.WHISPER, 13_000L);
            assertThat(summary.timeToSellerMillis()).isEqualTo(34_000L);
            assertPhasesSumTo(summary, 34_000L);
        }
    }

    @Test
    void allSellersMissingEndsWithNoSeller() {
        rig.close();
        try (CallpathRig nobody = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbx()
                        .endpoint("PJSIP/101", Endpoint.neverAnswers())
                        .endpoint("PJSIP/102", Endpoint.busy())
                        .build(),
                CallpathRig.MONDAY_10_00)) {
            CallRecord record = nobody.call(mainLineCaller("5550110")
                    .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                    .build());

            CallSummary summary = nobody.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
            assertThat(summary.outcomeReason()).isEqualTo("no_answer");
            assertThat(summary.timeToSellerMillis()).isNull();
            assertThat(record.dialStatuses()).containsExactly("NOANSWER", "BUSY");
            // ringTimeout 15 s for 101, busy at once for 102
            assertThat(summary.phaseMillis()).containsEntry(Phase.SELLER_RINGING, 15_000L);
            assertPhasesSumTo(summary, 28_000L);
            assertThat(nobody.events.events(record.linkedId()))
                    .filteredOn(e -> e.type() == EventType.SELLER_MISSED)
                    .extracting(e -> e.attribute("dialStatus"))
                    .containsExactly("NOANSWER", "BUSY");
            assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
        }
    }

    @Test
    void repeatCallerSkipsThePromoAndRingsTheLastSellerFirst() {
        rig.close();
        // 101 declines the first time so 102 takes the call; the second call must ring 102 first
        try (CallpathRig repeat = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbx()
                        .endpoint("PJSIP/101", Endpoint.answersAfter(Duration.ofSeconds(4)))
                        .build(),
                CallpathRig.MONDAY_10_00)) {
            CallRecord first = repeat.call(mainLineCaller("5550111")
                    .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                    .build());
            assertThat(repeat.summary(first).seller()).isEqualTo("PJSIP/102");
            repeat.time.advance(Duration.ofHours(1));

            CallRecord second = repeat.call(mainLineCaller("5550111").build());

            CallSummary summary = repeat.summary(second);
            assertThat(summary.repeatCaller()).isTrue();
            assertThat(summary.seller()).isEqualTo("PJSIP/102");
            assertThat(repeat.fakeCommands(second, "incoming"))
                    .noneMatch(c -> c.contains("informer") || c.contains("GET DATA"));
            assertThat(repeat.fakeCommands(second, "incoming"))
                    .filteredOn(c -> c.startsWith("EXEC Dial"))
                    .first()
                    .asString()
                    .startsWith("EXEC Dial \"PJSIP/102,");
            assertThat(routeChosen(repeat, second))
                    .containsEntry("reason", "repeat_caller")
                    .containsEntry("route", "sales");
            // no informer, no menu: answer 500 ms counts to the first phase, ringing
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Phase.SELLER_RINGING, 4_500L, Phase.WHISPER, 2_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(6_500L);
        }
    }

    @Test
    void callerHangingUpDuringInformerIsAbandonedInInformer() {
        CallRecord record = rig.call(mainLineCaller("5550112")
                .hangUpInPrompt("callpath/informer", Duration.ofSeconds(3))
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.INFORMER);
        assertThat(summary.phaseMillis()).containsExactlyInAnyOrderEntriesOf(Map.of(Phase.INFORMER, 3_500L));
    }

    @Test
    void callerHangingUpDuringMenuIsAbandonedInMenu() {
        CallRecord record = rig.call(mainLineCaller("5550113")
                .hangUpInPrompt("callpath/menu", Duration.ofSeconds(1))
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.MENU);
        assertThat(summary.phaseMillis())
                .containsExactlyInAnyOrderEntriesOf(Map.of(Phase.INFORMER, 10_000L, Phase.MENU, 1_000L));
    }

    @Test
    void callerHangingUpWhileSellerRingsIsAbandonedInSellerRinging() {
        CallRecord record = rig.call(mainLineCaller("5550114")
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                .hangUpInDial(Duration.ofSeconds(2))
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.SELLER_RINGING);
        assertThat(summary.phaseMillis()).containsEntry(Phase.SELLER_RINGING, 2_000L);
        assertPhasesSumTo(summary, 15_000L);
    }

    @Test
    void unknownDidFailsAndTellsTheDialplan() {
        CallRecord record =
                rig.call(CallerScript.calling("5559999").from("5550115", "Eve").build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("unknown_did");
        assertThat(record.variable("CALLPATH_STATUS")).contains("FAILED");
        // reports can say which number was misrouted, and who called it
        assertThat(summary.did()).isEqualTo("5559999");
        assertThat(summary.callerNumber()).isEqualTo("5550115");
        assertThat(summary.route()).isEqualTo("fallback");
        assertThat(summary.line()).isNull();
    }

    private Map<String, String> routeChosen(CallRecord record) {
        return routeChosen(rig, record);
    }

    private static Map<String, String> routeChosen(CallpathRig on, CallRecord record) {
        return on.events.events(record.linkedId()).stream()
                .filter(e -> e.type() == EventType.ROUTE_CHOSEN)
                .findFirst()
                .orElseThrow()
                .attributes();
    }
}
