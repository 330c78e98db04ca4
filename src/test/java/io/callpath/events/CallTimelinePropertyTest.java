package io.callpath.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallTimelinePropertyTest {

    private static final Phase[] PHASES = Phase.values();

    @Test
    void phaseSumEqualsTimeToSellerForAnyShuffledAndDuplicatedTimeline() {
        Random random = new Random(20261126);
        for (int call = 0; call < 2_000; call++) {
            CallScenario scenario = new CallScenario("call-" + call).arrived(random.nextInt(2_000));
            long offset = random.nextInt(3_000);
            int phases = 1 + random.nextInt(8);
            for (int i = 0; i < phases; i++) {
                scenario.phase(offset, PHASES[random.nextInt(PHASES.length)]);
                offset += random.nextInt(20_000);
            }
            boolean reached = random.nextBoolean();
            scenario.event(reached ? EventType.SELLER_CONNECTED : EventType.CALLER_HUNG_UP, offset);
            scenario.phase(offset + 1 + random.nextInt(1_000), PHASES[random.nextInt(PHASES.length)]);
            scenario.event(EventType.CALL_ENDED, offset + 5_000);

            List<CallEvent> events = new ArrayList<>(scenario.events());
            events.addAll(events.subList(0, random.nextInt(events.size())));
            Collections.shuffle(events, random);
            CallSummary summary = CallTimeline.summarize("call-" + call, events);

            assertThat(summary.waitedMillis()).as("call %d", call).isEqualTo(offset);
            assertThat(summary.outcome()).isEqualTo(reached ? Outcome.REACHED_SELLER : Outcome.ABANDONED);
            if (reached) {
                assertThat(summary.timeToSellerMillis()).as("call %d", call).isEqualTo(offset);
            } else {
                assertThat(summary.abandonPhase()).isNotNull();
            }
        }
    }
}
