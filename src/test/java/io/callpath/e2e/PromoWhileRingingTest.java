package io.callpath.e2e;

import static io.callpath.e2e.CallpathRig.accepting;
import static io.callpath.e2e.CallpathRig.mainLineCaller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ShippedConfigs;
import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.Cue;
import io.callpath.sim.Endpoint;
import io.callpath.sim.MusicHeard;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * config/callpath.yaml's line main (informer mode while-ringing) without its greetingClass, end to end on the fake PBX,
 * in simulated time: ANSWER 500 ms, greeting 2.5 s + 500 ms for a key, sellers answer after 4 s (or as set), whisper
 * with the accept key 2 s in. The shipped flow, ringing during the greeting: {@link RingDuringGreetingTest}.
 */
class PromoWhileRingingTest {

    private static CallpathRig rig(Endpoint seller101, Endpoint seller102) {
        return new CallpathRig(
                ShippedConfigs.greetingFirst(),
                CallpathRig.pbx()
                        .endpoint("PJSIP/101", seller101)
                        .endpoint("PJSIP/102", seller102)
                        .build(),
                CallpathRig.MONDAY_10_00);
    }

    @Test
    void callerWhoPressesNothingHearsThePromoFromTheFirstRingToTheSeller() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(3)), Endpoint.neverAnswers())) {
            CallRecord record = rig.call(mainLineCaller("5550201").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.route()).isEqualTo("sales");
            assertThat(summary.seller()).isEqualTo("PJSIP/101");
            // menu = answer 500 ms + greeting 2.5 s + 500 ms for a key; 101 answers at 3 s; accepts 2 s into the
            // whisper
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(Phase.MENU, 3_500L, Phase.SELLER_RINGING, 3_000L, Phase.WHISPER, 2_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(8_500L);
            assertThat(summary.promoWhileRingingMillis()).isEqualTo(5_000L);
            // what the fake PBX played the caller: the promo class from the Dial's start until the bridge
            assertThat(record.musicHeard())
                    .containsExactly(
                            new MusicHeard("callpath-main", Duration.ofMillis(3_500), Duration.ofMillis(8_500)));
            assertThat(rig.fakeCommands(record, "incoming"))
                    .filteredOn(command -> command.startsWith("EXEC Dial"))
                    .singleElement()
                    .asString()
                    .startsWith("EXEC Dial \"PJSIP/101&PJSIP/102,15,m(callpath-main)U(");
        }
    }

    @Test
    void keyPressedInTheGreetingRingsThatDepartmentAtOnce() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(4)), accepting(Duration.ofSeconds(4)))) {
            CallRecord record = rig.call(mainLineCaller("5550202")
                    .pressInPrompt("callpath/greeting", Duration.ofSeconds(1), '2')
                    .build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.route()).isEqualTo("service");
            // service has no accept key: line whisper 3 s + department whisper 2 s, all with the promo
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(Phase.MENU, 1_500L, Phase.SELLER_RINGING, 4_000L, Phase.WHISPER, 5_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(10_500L);
            assertThat(summary.promoWhileRingingMillis()).isEqualTo(9_000L);
        }
    }

    @Test
    void keyPressedWhileThePhonesRingIsLost() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(4)), accepting(Duration.ofSeconds(5)))) {
            CallRecord record = rig.call(mainLineCaller("5550203")
                    .cue(Cue.pressAt(Duration.ofSeconds(5), '2'))
                    .build());

            assertThat(record.lostDigits()).containsExactly('2');
            assertThat(rig.summary(record).route()).isEqualTo("sales");
            assertThat(rig.summary(record).timeToSellerMillis()).isEqualTo(9_500L);
        }
    }

    @Test
    void callerWhoHangsUpDuringThePromoIsAnAbandonWhileSellersRing() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(12)), accepting(Duration.ofSeconds(12)))) {
            CallRecord record = rig.call(
                    mainLineCaller("5550204").hangUpAt(Duration.ofSeconds(9)).build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
            assertThat(summary.abandonPhase()).isEqualTo(Phase.SELLER_RINGING);
            assertThat(summary.waitedMillis()).isEqualTo(9_000L);
            assertThat(summary.promoWhileRingingMillis()).isEqualTo(5_500L);
            assertThat(record.musicHeard())
                    .singleElement()
                    .extracting(MusicHeard::length)
                    .isEqualTo(Duration.ofMillis(5_500));
        }
    }

    @Test
    void sellerWhoDeclinesLeavesTheCallToTheOtherWhileThePromoGoesOn() {
        Endpoint declining = Endpoint.answersAfter(Duration.ofSeconds(2)).talking(Duration.ofSeconds(60));
        try (CallpathRig rig = rig(declining, accepting(Duration.ofSeconds(4)))) {
            CallRecord record = rig.call(mainLineCaller("5550205").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.seller()).isEqualTo("PJSIP/102");
            assertThat(record.dialStatuses()).containsExactly("BUSY", "ANSWER");
            assertThat(rig.events.events(record.linkedId()))
                    .filteredOn(event -> event.type() == EventType.SELLER_MISSED)
                    .extracting(CallEvent::attributes)
                    .singleElement()
                    .satisfies(attributes -> assertThat(attributes).containsEntry("seller", "PJSIP/101"));
            // 101 answers at 2 s, hears line + department whisper (5 s) and the accept prompt (1 s) + 3 s, declines;
            // 102 rings again from the start: 4 s, then accepts 2 s into the whisper
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(Phase.MENU, 3_500L, Phase.SELLER_RINGING, 6_000L, Phase.WHISPER, 11_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(20_500L);
            assertThat(summary.promoWhileRingingMillis()).isEqualTo(17_000L);
            assertThat(record.musicHeard())
                    .extracting(MusicHeard::musicClass)
                    .containsExactly("callpath-main", "callpath-main");
        }
    }
}
