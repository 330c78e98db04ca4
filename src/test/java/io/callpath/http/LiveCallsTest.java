package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.store.CallStory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveCallsTest {

    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");

    private static Optional<CallSummary> feed(LiveCalls calls, List<CallEvent> events, Instant now) {
        Optional<CallSummary> counted = Optional.empty();
        for (CallEvent event : events) {
            Optional<CallSummary> once = calls.accept(event, now);
            if (once.isPresent()) {
                assertThat(counted).as("counted once").isEmpty();
                counted = once;
            }
        }
        return counted;
    }

    @Test
    void aCallerWaitsInTheirPhaseThenReachesASellerAndIsCountedOnce() {
        LiveCalls calls = new LiveCalls(ZoneOffset.UTC, T0);
        CallStory story =
                CallStory.call("A", T0, "+100").phase(Phase.INFORMER, 0).phase(Phase.MENU, 5_000);
        assertThat(feed(calls, story.events(), T0.plusSeconds(6))).isEmpty();
        assertThat(calls.waiting()).singleElement().satisfies(waiting -> {
            assertThat(waiting.phase()).isEqualTo(Phase.MENU);
            assertThat(waiting.t0()).isEqualTo(T0);
            assertThat(waiting.line()).isEqualTo("main");
        });

        List<CallEvent> rest = CallStory.call("A", T0, "+100")
                .phase(Phase.SELLER_RINGING, 7_000)
                .event(EventType.SELLER_CONNECTED, 9_000, Map.of("seller", "s1"))
                .event(EventType.CALL_ENDED, 60_000, Map.of())
                .events()
                .subList(1, 4);
        Optional<CallSummary> counted = feed(calls, rest, T0.plusSeconds(60));
        assertThat(counted).map(CallSummary::outcome).contains(Outcome.REACHED_SELLER);
        assertThat(calls.waiting()).isEmpty();
        assertThat(calls.recentlyReached())
                .singleElement()
                .satisfies(reached ->
                        assertThat(reached.summary().timeToSellerMillis()).isEqualTo(9_000));
        assertThat(calls.finishedToday()).hasSize(1);

        // a late leg of the ended call does not bring it back
        calls.accept(CallStory.call("A", T0, "+100").events().get(0), T0.plusSeconds(61));
        assertThat(calls.waiting()).isEmpty();
    }

    @Test
    void aCallWhoseHangUpNeverCameIsDroppedButStaysInTodaysNumbers() {
        LiveCalls calls = new LiveCalls(ZoneOffset.UTC, T0);
        feed(
                calls,
                CallStory.call("B", T0, "+200")
                        .phase(Phase.MENU, 0)
                        .event(EventType.CALLER_HUNG_UP, 3_000, Map.of())
                        .events(),
                T0.plusSeconds(3));
        assertThat(calls.waiting()).isEmpty();
        calls.sweep(T0.plusSeconds(3).plus(LiveCalls.FINISHED_IDLE).plusSeconds(1));
        assertThat(calls.finishedToday())
                .singleElement()
                .extracting(CallSummary::outcome)
                .isEqualTo(Outcome.ABANDONED);
    }

    @Test
    void theNextDayStartsFromZeroAndIgnoresRowsOfAnotherDay() {
        LiveCalls calls = new LiveCalls(ZoneOffset.UTC, T0);
        List<CallEvent> reached = CallStory.call("C", T0, "+300")
                .phase(Phase.MENU, 0)
                .event(EventType.SELLER_CONNECTED, 4_000, Map.of("seller", "s1"))
                .events();
        feed(calls, reached, T0.plusSeconds(5));
        assertThat(calls.finishedToday()).hasSize(1);
        calls.sweep(T0.plusSeconds(86_400));
        assertThat(calls.finishedToday()).isEmpty();
        calls.replaceDay(
                calls.day().minusDays(1), List.of(calls.recentlyReached().get(0).summary()));
        assertThat(calls.finishedToday()).isEmpty();
    }
}
