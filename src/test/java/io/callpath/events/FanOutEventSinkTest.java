package io.callpath.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutEventSinkTest {

    @Test
    void failingSinkDoesNotStopTheOthers() {
        InMemoryEventSink before = new InMemoryEventSink(10);
        InMemoryEventSink after = new InMemoryEventSink(10);
        EventSink broken = event -> {
            throw new IllegalStateException("disk on fire");
        };
        FanOutEventSink fanOut = new FanOutEventSink(List.of(before, broken, after));

        List<CallEvent> events = CallScenario.handbookCall("1764151200.1").events();
        events.forEach(fanOut::accept);

        assertThat(before.events("1764151200.1")).containsExactlyElementsOf(events);
        assertThat(after.events("1764151200.1")).containsExactlyElementsOf(events);
        assertThat(fanOut.failures(1)).isEqualTo(events.size());
        assertThat(fanOut.failures(0)).isZero();
    }
}
