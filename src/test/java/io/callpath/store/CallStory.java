package io.callpath.store;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the events one call produces, at offsets from its t0. */
public final class CallStory {

    private final String linkedId;
    private final Instant t0;
    private final List<CallEvent> events = new ArrayList<>();

    private CallStory(String linkedId, Instant t0) {
        this.linkedId = linkedId;
        this.t0 = t0;
    }

    public static CallStory call(String linkedId, Instant t0, String callerNumber) {
        CallStory story = new CallStory(linkedId, t0);
        return story.event(
                EventType.CALL_ARRIVED,
                null,
                0,
                Map.of(
                        "line",
                        "main",
                        "did",
                        "5550100",
                        "campaign",
                        "spring",
                        "source",
                        "google",
                        "caller",
                        callerNumber));
    }

    public CallStory phase(Phase phase, long offsetMillis) {
        return event(EventType.PHASE_STARTED, phase, offsetMillis, Map.of());
    }

    public CallStory route(String route, long offsetMillis) {
        return event(EventType.ROUTE_CHOSEN, null, offsetMillis, Map.of("route", route));
    }

    public CallStory event(EventType type, long offsetMillis, Map<String, String> attributes) {
        return event(type, null, offsetMillis, attributes);
    }

    public CallStory event(EventType type, Phase phase, long offsetMillis, Map<String, String> attributes) {
        events.add(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                linkedId + "/incoming",
                type,
                phase,
                t0.plusMillis(offsetMillis),
                offsetMillis,
                attributes));
        return this;
    }

    public List<CallEvent> events() {
        return List.copyOf(events);
    }
}
