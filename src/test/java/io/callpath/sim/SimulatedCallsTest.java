package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpath.events.SessionClock;
import io.callpath.flow.CallRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedCallsTest {

    private static final Instant ORIGIN = Instant.parse("2026-11-23T10:00:00Z");

    private static CallRequest sessionOn(String uniqueId) {
        return new CallRequest(
                "incoming",
                Map.of(),
                List.of(),
                uniqueId,
                "PJSIP/trunk-1",
                "en",
                "5550100",
                "Caller",
                "5551000",
                "callpath-in",
                "5551000",
                Map.of());
    }

    @Test
    void eachChannelGetsTheTimeOfItsOwnCall() {
        SimulatedCalls calls = new SimulatedCalls(10);
        SimulatedTime first = new SimulatedTime(ORIGIN);
        SimulatedTime second = new SimulatedTime(ORIGIN.plusSeconds(3_600));
        calls.register("1.1", first);
        calls.register("1.2", first);
        calls.register("2.1", second);

        SessionClock seller = calls.sessionClock(sessionOn("1.2"));
        SessionClock other = calls.sessionClock(sessionOn("2.1"));
        first.advance(Duration.ofSeconds(25));

        assertThat(seller.sessionStart()).isEqualTo(ORIGIN);
        assertThat(seller.offsetMillis(ORIGIN)).isEqualTo(25_000);
        assertThat(other.sessionStart()).isEqualTo(ORIGIN.plusSeconds(3_600));
        assertThat(other.offsetMillis(ORIGIN.plusSeconds(3_600))).isZero();
    }

    @Test
    void unknownChannelGetsTheSystemClocks() {
        SimulatedCalls calls = new SimulatedCalls(10);
        calls.register("1.1", new SimulatedTime(ORIGIN));

        assertThat(calls.sessionClock(sessionOn("9.9")).sessionStart()).isAfter(ORIGIN);
    }

    @Test
    void forgettingACallDropsOnlyItsChannels() {
        SimulatedCalls calls = new SimulatedCalls(10);
        SimulatedTime ended = new SimulatedTime(ORIGIN);
        SimulatedTime running = new SimulatedTime(ORIGIN);
        calls.register("1.1", ended);
        calls.register("1.2", ended);
        calls.register("2.1", running);

        calls.forget(ended);

        assertThat(calls.size()).isEqualTo(1);
        assertThat(calls.sessionClock(sessionOn("1.1")).sessionStart()).isAfter(ORIGIN);
        assertThat(calls.sessionClock(sessionOn("2.1")).sessionStart()).isEqualTo(ORIGIN);
    }

    @Test
    void registeringBeyondTheBoundIsRefusedRatherThanDroppingALiveChannel() {
        SimulatedCalls calls = new SimulatedCalls(2);
        SimulatedTime time = new SimulatedTime(ORIGIN);
        calls.register("1.1", time);
        calls.register("1.2", time);
        calls.register("1.2", time);

        assertThatThrownBy(() -> calls.register("1.3", time))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("forget");
    }
}
