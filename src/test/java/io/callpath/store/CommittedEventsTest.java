package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommittedEventsTest {

    @Test
    void theLeastRecentlyWrittenCallIsForgottenFirst() {
        CommittedEvents committed = new CommittedEvents(2);
        committed.remember(calls("a", "b"));
        committed.remember(calls("a"));
        committed.remember(calls("c"));

        assertThat(committed.of(List.of("a", "b", "c")).keySet()).containsExactly("a", "c");
        assertThat(committed.size()).isEqualTo(2);
    }

    @Test
    void whatTheCallerChangesDoesNotChangeWhatIsRemembered() {
        CommittedEvents committed = new CommittedEvents(10);
        committed.remember(calls("a"));

        committed.of(List.of("a")).get("a").clear();

        assertThat(committed.of(List.of("a")).get("a")).hasSize(1);
    }

    @Test
    void aBoundOfZeroRemembersNothing() {
        CommittedEvents committed = new CommittedEvents(0);
        committed.remember(calls("a"));

        assertThat(committed.of(List.of("a"))).isEmpty();
    }

    private static Map<String, Map<UUID, CallEvent>> calls(String... linkedIds) {
        Map<String, Map<UUID, CallEvent>> calls = new LinkedHashMap<>();
        for (String linkedId : linkedIds) {
            CallEvent event = new CallEvent(
                    UUID.randomUUID(),
                    linkedId,
                    "s",
                    EventType.CALL_ENDED,
                    null,
                    Instant.parse("2026-03-02T10:00:00Z"),
                    0,
                    Map.of());
            Map<UUID, CallEvent> events = new LinkedHashMap<>();
            events.put(event.eventId(), event);
            calls.put(linkedId, events);
        }
        return calls;
    }
}
