package io.callpath.e2e;

import static io.callpath.e2e.CallpathRig.accepting;
import static io.callpath.e2e.CallpathRig.mainLineCaller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ConfigLoader;
import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.Cue;
import io.callpath.sim.Endpoint;
import io.callpath.sim.MusicHeard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * config/callpath.yaml's line main as shipped (informer.greetingClass) end to end on the fake PBX, in simulated time:
 * ANSWER 500 ms, then sales rings at once with the greeting class as the caller's music; keys 0 and 2 end that ringing.
 */
class RingDuringGreetingTest {

    private static CallpathRig rig(Endpoint seller101, Endpoint seller102) {
        return new CallpathRig(
                ConfigLoader.load(Path.of("config/callpath.yaml")),
                CallpathRig.pbx()
                        .endpoint("PJSIP/101", seller101)
                        .endpoint("PJSIP/102", seller102)
                        .keyContext("callpath-keys", Set.of('0', '2'))
                        .build(),
                CallpathRig.MONDAY_10_00);
    }

    @Test
    void callerWhoPressesNothingReachesTheSellerAfterTheAnswerTheRingAndTheWhisperOnly() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(3)), Endpoint.neverAnswers())) {
            CallRecord record = rig.call(mainLineCaller("5550301").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.route()).isEqualTo("sales");
            // menu = answer 500 ms (the greeting plays while the phones ring); 101 answers at 3 s; accepts 2 s in
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(Phase.MENU, 500L, Phase.SELLER_RINGING, 3_000L, Phase.WHISPER, 2_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(5_500L);
            assertThat(summary.promoWhileRingingMillis()).isEqualTo(5_000L);
            assertThat(record.musicHeard())
                    .containsExactly(
                            new MusicHeard("callpath-main-greeting", Duration.ofMillis(500), Duration.ofMillis(5_500)));
        }
    }

    @Test
    void menuKeyInTheGreetingEndsTheRingingAndRingsItsDepartment() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(4)), accepting(Duration.ofSeconds(4)))) {
            // a menu presser presses 1 s into the menu prompt: here the greeting, the Dial's music from 500 ms
            CallRecord record = rig.call(mainLineCaller("5550302")
                    .cue(Cue.pressInNextGetData('2', Duration.ofSeconds(1)))
                    .build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.route()).isEqualTo("service");
            assertThat(record.dialStatuses()).containsExactly("CANCEL", "ANSWER");
            // sales rang 1 s, service's 103 answers after 4 s; no accept key: line whisper 3 s + department 2 s
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(Phase.MENU, 500L, Phase.SELLER_RINGING, 5_000L, Phase.WHISPER, 5_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(10_500L);
            assertThat(record.musicHeard())
                    .extracting(MusicHeard::musicClass)
                    .containsExactly("callpath-main-greeting", "callpath-main");
        }
    }

    @Test
    void keyOfTheRingingDepartmentIsLostAndTheRingingGoesOn() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(4)), accepting(Duration.ofSeconds(5)))) {
            CallRecord record = rig.call(mainLineCaller("5550303")
                    .cue(Cue.pressAt(Duration.ofSeconds(2), '1'))
                    .build());

            assertThat(record.lostDigits()).containsExactly('1');
            assertThat(record.dialStatuses()).containsExactly("ANSWER");
            assertThat(rig.summary(record).timeToSellerMillis()).isEqualTo(6_500L);
        }
    }

    @Test
    void callerWhoHangsUpWhileThePhonesRingIsAnAbandonInSellerRinging() {
        try (CallpathRig rig = rig(accepting(Duration.ofSeconds(12)), accepting(Duration.ofSeconds(12)))) {
            CallRecord record = rig.call(
                    mainLineCaller("5550304").hangUpAt(Duration.ofSeconds(9)).build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
            assertThat(summary.abandonPhase()).isEqualTo(Phase.SELLER_RINGING);
            assertThat(summary.waitedMillis()).isEqualTo(9_000L);
            assertThat(summary.promoWhileRingingMillis()).isEqualTo(8_500L);
        }
    }
}
