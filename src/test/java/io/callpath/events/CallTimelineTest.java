package io.callpath.events;

import static io.callpath.events.CallScenario.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallTimelineTest {

    @Test
    void phaseSumEqualsTimeToSeller() {
        CallSummary summary = CallScenario.handbookCall("1764151200.1").summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
        assertThat(summary.timeToSellerMillis()).isEqualTo(58_000L);
        assertThat(summary.waitedMillis()).isEqualTo(58_000L);
        assertThat(summary.phaseMillis())
                .containsOnly(
                        entry(Phase.INFORMER, 25_000L),
                        entry(Phase.MENU, 5_000L),
                        entry(Phase.ASSISTANT_RINGING, 3_000L),
                        entry(Phase.ASSISTANT_TALKING, 17_000L),
                        entry(Phase.TRANSFER_HOLD, 4_000L),
                        entry(Phase.SELLER_RINGING, 3_000L),
                        entry(Phase.WHISPER, 1_000L));
    }

    @Test
    void firstPhaseAbsorbsTimeBeforeOurServerHeardOfTheCall() {
        CallSummary summary = new CallScenario("1764151200.2")
                .arrived(1_300)
                .phase(1_350, Phase.MENU)
                .phase(4_000, Phase.SELLER_RINGING)
                .event(EventType.SELLER_CONNECTED, 9_000, "seller", "PJSIP/101")
                .summary();

        assertThat(summary.phaseMillis()).containsOnly(entry(Phase.MENU, 4_000L), entry(Phase.SELLER_RINGING, 5_000L));
        assertThat(summary.timeToSellerMillis()).isEqualTo(9_000L);
    }

    @Test
    void t0IsArrivalWallTimeMinusItsOffset() {
        CallSummary summary = new CallScenario("1764151200.3")
                .arrived(1_300)
                .phase(1_350, Phase.SELLER_RINGING)
                .event(EventType.SELLER_CONNECTED, 6_300)
                .summary();

        assertThat(summary.t0()).isEqualTo(T0);
        assertThat(summary.tSeller()).isEqualTo(T0.plusMillis(6_300));
    }

    @Test
    void t0IsTheExactArrivalTheFlowResolvedNotAWholeMillisecondOffsetBack() {
        // Sessions stamp offsets in whole milliseconds (truncated): wall time minus offset would land 0.9 ms late.
        Instant exact = Instant.parse("2026-11-26T10:00:00.250100Z");
        CallEvent arrived = new CallEvent(
                java.util.UUID.randomUUID(),
                "1764151200.5",
                "1764151200.5/incoming",
                EventType.CALL_ARRIVED,
                null,
                exact.plusNanos(1_000_000 + 900_000),
                1,
                java.util.Map.of(
                        "t0", "1795687200.250100".replace("1795687200", Long.toString(exact.getEpochSecond()))));

        CallSummary summary = CallTimeline.summarize("1764151200.5", List.of(arrived));

        assertThat(summary.t0()).isEqualTo(exact);
    }

    @Test
    void connectedSellerKeepsTheDepartmentTheyWereRungFor() {
        CallSummary summary = new CallScenario("1764151200.6")
                .arrived(0)
                .phase(0, Phase.SELLER_RINGING)
                .event(EventType.SELLER_ANSWERED, 4_000, "seller", "PJSIP/101", "department", "service")
                .event(EventType.SELLER_CONNECTED, 6_000, "seller", "PJSIP/101", "department", "service")
                .summary();

        assertThat(summary.sellerDepartment()).isEqualTo("service");
    }

    @Test
    void sellerDepartmentOfOlderEventsComesFromTheSellersAnswer() {
        CallSummary summary = new CallScenario("1764151200.7")
                .arrived(0)
                .phase(0, Phase.SELLER_RINGING)
                .event(EventType.SELLER_ANSWERED, 4_000, "seller", "PJSIP/101", "department", "service")
                .event(EventType.SELLER_CONNECTED, 6_000, "seller", "PJSIP/101")
                .summary();

        assertThat(summary.sellerDepartment()).isEqualTo("service");
    }

    @Test
    void eventsInAnyOrderFoldToTheSameSummary() {
        List<CallEvent> events =
                new ArrayList<>(CallScenario.handbookCall("1764151200.4").events());
        CallSummary inOrder = CallTimeline.summarize("1764151200.4", events);

        Collections.shuffle(events, new Random(42));
        Collections.reverse(events);

        assertThat(CallTimeline.summarize("1764151200.4", events)).isEqualTo(inOrder);
    }

    @Test
    void duplicatedEventsAreCountedOnce() {
        List<CallEvent> events =
                new ArrayList<>(CallScenario.handbookCall("1764151200.5").events());
        CallSummary once = CallTimeline.summarize("1764151200.5", events);

        events.addAll(List.copyOf(events));

        CallSummary twice = CallTimeline.summarize("1764151200.5", events);
        assertThat(twice).isEqualTo(once);
        assertThat(twice.transfers()).isEqualTo(1);
    }

    @Test
    void declinedWhisperAccumulatesSellerRinging() {
        CallSummary summary = new CallScenario("1764151200.6")
                .arrived(0)
                .phase(0, Phase.SELLER_RINGING)
                .event(EventType.SELLER_ANSWERED, 4_000, "seller", "PJSIP/101")
                .phase(4_000, Phase.WHISPER)
                .event(EventType.SELLER_DECLINED, 7_000, "seller", "PJSIP/101")
                .phase(7_000, Phase.SELLER_RINGING)
                .event(EventType.SELLER_ANSWERED, 10_000, "seller", "PJSIP/102")
                .phase(10_000, Phase.WHISPER)
                .event(EventType.SELLER_CONNECTED, 12_000, "seller", "PJSIP/102")
                .summary();

        assertThat(summary.phaseMillis())
                .containsOnly(entry(Phase.SELLER_RINGING, 7_000L), entry(Phase.WHISPER, 5_000L));
        assertThat(summary.seller()).isEqualTo("PJSIP/102");
    }

    @Test
    void phaseStartedAfterTheSellerConnectedIsIgnored() {
        CallSummary summary = new CallScenario("1764151200.7")
                .arrived(0)
                .phase(0, Phase.SELLER_RINGING)
                .event(EventType.SELLER_CONNECTED, 5_000)
                .phase(6_000, Phase.TRANSFER_HOLD)
                .event(EventType.CALL_ENDED, 60_000)
                .summary();

        assertThat(summary.phaseMillis()).containsOnly(entry(Phase.SELLER_RINGING, 5_000L));
        assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
    }

    @Test
    void callerHangingUpDuringTheInformerIsAbandonedInTheInformer() {
        CallSummary summary = new CallScenario("1764151200.8")
                .arrived(300)
                .phase(320, Phase.INFORMER)
                .event(EventType.CALLER_HUNG_UP, 12_000)
                .event(EventType.CALL_ENDED, 12_040, "cause", "16")
                .summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.INFORMER);
        assertThat(summary.phaseMillis()).containsOnly(entry(Phase.INFORMER, 12_000L));
        assertThat(summary.endedAt()).isEqualTo(T0.plusMillis(12_040));
        assertThat(summary.tSeller()).isNull();
        assertThat(summary.timeToSellerMillis()).isNull();
    }

    @Test
    void abandonPhaseIsThePhaseCurrentWhenTheCallEnded() {
        CallSummary summary = new CallScenario("1764151200.9")
                .arrived(0)
                .phase(0, Phase.INFORMER)
                .phase(20_000, Phase.MENU)
                .phase(23_000, Phase.SELLER_RINGING)
                .event(EventType.CALLER_HUNG_UP, 40_000)
                .event(EventType.CALL_ENDED, 40_020)
                .summary();

        assertThat(summary.abandonPhase()).isEqualTo(Phase.SELLER_RINGING);
        assertThat(summary.waitedMillis()).isEqualTo(40_000L);
    }

    @Test
    void callThatEndedWithoutAnySessionSeeingTheCallerHangUpWasInterruptedNotAbandoned() {
        // callpath was killed while the caller was in the menu: the hang-up handler still ran, on the restarted server
        CallSummary summary = new CallScenario("1764151200.19")
                .arrived(0)
                .phase(0, Phase.INFORMER)
                .phase(20_000, Phase.MENU)
                .event(EventType.CALL_ENDED, 90_000)
                .summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo(CallTimeline.INTERRUPTED);
        assertThat(summary.abandonPhase()).isNull();
        assertThat(summary.endedAt()).isNotNull();
    }

    @Test
    void afterHoursCallHasNoSellerWithItsReason() {
        CallSummary summary = new CallScenario("1764151200.10")
                .arrived(0, "line", "main")
                .phase(10, Phase.INFORMER)
                .event(EventType.ROUTE_CHOSEN, 200, "route", "after_hours")
                .event(EventType.NO_SELLER, 8_000, "reason", "after_hours")
                .event(EventType.CALL_ENDED, 9_000)
                .summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
        assertThat(summary.outcomeReason()).isEqualTo("after_hours");
        assertThat(summary.route()).isEqualTo("after_hours");
        assertThat(summary.abandonPhase()).isNull();
        assertThat(summary.phaseMillis()).containsOnly(entry(Phase.INFORMER, 8_000L));
        assertThat(summary.endedAt()).isEqualTo(T0.plusMillis(9_000));
    }

    @Test
    void callTheAssistantKeptIsNoSellerAssistantOnly() {
        CallSummary summary = new CallScenario("1764151200.11")
                .arrived(0)
                .phase(0, Phase.ASSISTANT_RINGING)
                .event(EventType.ASSISTANT_ANSWERED, 3_000)
                .phase(3_000, Phase.ASSISTANT_TALKING)
                .event(EventType.CALL_ENDED, 90_000)
                .summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
        assertThat(summary.outcomeReason()).isEqualTo("assistant_only");
        assertThat(summary.assistantInvolved()).isTrue();
        assertThat(summary.abandonPhase()).isNull();
    }

    @Test
    void callerHangingUpOnHoldAfterATransferAbandonedInTransferHold() {
        CallSummary summary = new CallScenario("1764151200.12")
                .arrived(0)
                .phase(0, Phase.ASSISTANT_RINGING)
                .event(EventType.ASSISTANT_ANSWERED, 3_000)
                .phase(3_000, Phase.ASSISTANT_TALKING)
                .event(EventType.TRANSFERRED, 20_000, "department", "sales")
                .phase(20_000, Phase.TRANSFER_HOLD)
                .event(EventType.CALLER_HUNG_UP, 50_000)
                .summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.TRANSFER_HOLD);
        assertThat(summary.transfers()).isEqualTo(1);
    }

    @Test
    void failedCallCarriesItsReasonEvenWhenItEndsLater() {
        CallSummary summary = new CallScenario("1764151200.13")
                .arrived(0)
                .phase(0, Phase.MENU)
                .event(EventType.FAILED, 2_000, "reason", "no_department_configured")
                .event(EventType.CALL_ENDED, 2_500)
                .summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("no_department_configured");
        assertThat(summary.phaseMillis()).containsOnly(entry(Phase.MENU, 2_000L));
        assertThat(summary.endedAt()).isEqualTo(T0.plusMillis(2_500));
    }

    @Test
    void endedAtFallsBackToTheTerminalEventWithoutAHangupHandler() {
        CallSummary summary = new CallScenario("1764151200.14")
                .arrived(0)
                .phase(0, Phase.INFORMER)
                .event(EventType.NO_SELLER, 7_000, "reason", "no_answer")
                .summary();

        assertThat(summary.endedAt()).isEqualTo(T0.plusMillis(7_000));
    }

    @Test
    void liveCallHasNoOutcomeAndCountsItsWaitSoFar() {
        CallSummary summary = new CallScenario("1764151200.15")
                .arrived(0)
                .phase(0, Phase.INFORMER)
                .phase(25_000, Phase.SELLER_RINGING)
                .event(EventType.SELLER_MISSED, 45_000, "seller", "PJSIP/101", "dialStatus", "NOANSWER")
                .summary();

        assertThat(summary.outcome()).isNull();
        assertThat(summary.endedAt()).isNull();
        assertThat(summary.abandonPhase()).isNull();
        assertThat(summary.phaseMillis())
                .containsOnly(entry(Phase.INFORMER, 25_000L), entry(Phase.SELLER_RINGING, 20_000L));
    }

    @Test
    void sellerLegSessionOnASecondServerFallsIntoPlaceByOffset() {
        // The answered session started 31.7 s after t0 on another server; its events carry offsets from the
        // same t0 and arrive before the inbound session's events.
        CallScenario call = new CallScenario("1764151200.16")
                .inSession("1764151231.7/answered")
                .event(EventType.SELLER_ANSWERED, 31_700, "seller", "PJSIP/103")
                .phase(31_710, Phase.WHISPER)
                .event(EventType.SELLER_CONNECTED, 34_200, "seller", "PJSIP/103")
                .inSession("1764151200.1/incoming")
                .arrived(900, "line", "main")
                .phase(950, Phase.INFORMER)
                .phase(25_000, Phase.SELLER_RINGING);

        CallSummary summary = call.summary();

        assertThat(summary.timeToSellerMillis()).isEqualTo(34_200L);
        assertThat(summary.phaseMillis())
                .containsOnly(
                        entry(Phase.INFORMER, 25_000L),
                        entry(Phase.SELLER_RINGING, 6_710L),
                        entry(Phase.WHISPER, 2_490L));
        assertThat(summary.seller()).isEqualTo("PJSIP/103");
        assertThat(summary.line()).isEqualTo("main");
    }

    @Test
    void withoutCallArrivedT0ComesFromTheEarliestEvent() {
        CallSummary summary = new CallScenario("1764151200.17")
                .phase(2_000, Phase.SELLER_RINGING)
                .event(EventType.SELLER_CONNECTED, 7_000)
                .summary();

        assertThat(summary.t0()).isEqualTo(T0);
        assertThat(summary.timeToSellerMillis()).isEqualTo(7_000L);
        assertThat(summary.line()).isNull();
    }

    @Test
    void arrivalAttributesFillTheCallRow() {
        CallSummary summary = new CallScenario("1764151200.18")
                .arrived(
                        0,
                        "line",
                        "main",
                        "did",
                        "74950000001",
                        "campaign",
                        "winter",
                        "source",
                        "yandex",
                        "caller",
                        "79160000000",
                        "repeat",
                        "true",
                        "somethingNew",
                        "x")
                .phase(0, Phase.SELLER_RINGING)
                .event(EventType.ROUTE_CHOSEN, 0, "route", "assistant")
                .event(EventType.ROUTE_CHOSEN, 100, "route", "sales")
                .summary();

        assertThat(summary.line()).isEqualTo("main");
        assertThat(summary.did()).isEqualTo("74950000001");
        assertThat(summary.campaign()).isEqualTo("winter");
        assertThat(summary.source()).isEqualTo("yandex");
        assertThat(summary.callerNumber()).isEqualTo("79160000000");
        assertThat(summary.repeatCaller()).isTrue();
        assertThat(summary.route()).isEqualTo("sales");
    }

    @Test
    void slightlyNegativeOffsetsFromAnotherServerCountFromT0() {
        CallSummary summary = new CallScenario("1764151200.19")
                .arrived(0)
                .phase(0, Phase.INFORMER)
                .phase(-20, Phase.MENU)
                .event(EventType.CALLER_HUNG_UP, 3_000)
                .summary();

        assertThat(summary.waitedMillis()).isEqualTo(3_000L);
        assertThat(summary.phaseMillis().values()).allMatch(millis -> millis >= 0);
    }

    @Test
    void noEventsGiveAnEmptySummaryInsteadOfAnError() {
        CallSummary summary = CallTimeline.summarize("1764151200.20", List.of());

        assertThat(summary.t0()).isNull();
        assertThat(summary.outcome()).isNull();
        assertThat(summary.phaseMillis()).isEmpty();
    }

    @Test
    void endedAtIsTheHangupHandlersWallTime() {
        Instant hangupWall = T0.plusMillis(300_000);

        assertThat(CallScenario.handbookCall("1764151200.21").summary().endedAt())
                .isEqualTo(hangupWall);
    }
}
