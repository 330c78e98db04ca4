package io.callpath.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** The promo heard while phones ring (informer mode while-ringing) is measured beside the phases, not in them. */
class PromoWhileRingingTest {

    @Test
    void promoRunsFromTheFirstRingThroughTheWhisperToTheSeller() {
        CallSummary summary = new CallScenario("1764151200.11")
                .arrived(40)
                .phase(60, Phase.MENU)
                .event(EventType.ROUTE_CHOSEN, 3_667, "route", "sales", "digit", "", "reason", "default_no_key")
                .phase(3_667, Phase.SELLER_RINGING)
                .event(EventType.PROMO_STARTED, 3_667, "musicClass", "callpath-main", "line", "main")
                .inSession("1764151200.12/answered")
                .event(EventType.SELLER_ANSWERED, 6_667, "seller", "PJSIP/101")
                .phase(6_667, Phase.WHISPER)
                .event(EventType.SELLER_CONNECTED, 7_167, "seller", "PJSIP/101")
                .summary();

        assertThat(summary.timeToSellerMillis()).isEqualTo(7_167L);
        assertThat(summary.phaseMillis())
                .containsOnly(
                        entry(Phase.MENU, 3_667L), entry(Phase.SELLER_RINGING, 3_000L), entry(Phase.WHISPER, 500L));
        assertThat(summary.waitedMillis()).isEqualTo(7_167L);
        assertThat(summary.promoWhileRingingMillis()).isEqualTo(3_500L);
    }

    @Test
    void gapsBetweenDialsAndTheAssistantConversationAreNotPromo() {
        CallSummary summary = new CallScenario("1764151200.13")
                .arrived(40)
                .phase(60, Phase.MENU)
                .phase(3_000, Phase.ASSISTANT_RINGING)
                .event(EventType.PROMO_STARTED, 3_000, "musicClass", "callpath-main")
                .event(EventType.ASSISTANT_ANSWERED, 6_000, "assistant", "PJSIP/201")
                .phase(6_000, Phase.ASSISTANT_TALKING)
                .inSession("1764151200.13/handoff")
                .event(EventType.TRANSFERRED, 30_000, "department", "sales")
                .phase(30_000, Phase.TRANSFER_HOLD)
                .phase(31_000, Phase.SELLER_RINGING)
                .event(EventType.PROMO_STARTED, 31_000, "musicClass", "callpath-main")
                .event(EventType.PROMO_STOPPED, 46_000, "dialStatus", "NOANSWER")
                .event(EventType.SELLER_MISSED, 46_000, "seller", "PJSIP/101")
                .phase(46_000, Phase.SELLER_RINGING)
                .event(EventType.PROMO_STARTED, 46_000, "musicClass", "callpath-main")
                .event(EventType.SELLER_CONNECTED, 50_000, "seller", "PJSIP/102")
                .summary();

        // 3 s for the assistant, 15 s for the first seller, 4 s for the second
        assertThat(summary.promoWhileRingingMillis()).isEqualTo(22_000L);
        assertThat(summary.waitedMillis()).isEqualTo(50_000L);
    }

    @Test
    void callerWhoHangsUpWhileThePromoPlaysHeardItUntilThen() {
        CallSummary summary = new CallScenario("1764151200.14")
                .arrived(40)
                .phase(60, Phase.MENU)
                .phase(3_667, Phase.SELLER_RINGING)
                .event(EventType.PROMO_STARTED, 3_667, "musicClass", "callpath-main")
                .event(EventType.CALLER_HUNG_UP, 12_000)
                .summary();

        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.SELLER_RINGING);
        assertThat(summary.promoWhileRingingMillis()).isEqualTo(8_333L);
    }

    @Test
    void callWithoutRingingMusicHeardNoPromoWhileRinging() {
        assertThat(CallScenario.handbookCall("1764151200.15").summary().promoWhileRingingMillis())
                .isZero();
    }
}
