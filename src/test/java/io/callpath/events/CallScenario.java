package io.callpath.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the events of one call the way the sessions would stamp them, for tests. */
final class CallScenario {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00.250Z");

    private final String linkedId;
    private final Instant t0;
    private final List<CallEvent> events = new ArrayList<>();
    private String sessionId;

    CallScenario(String linkedId) {
        this(linkedId, T0);
    }

    CallScenario(String linkedId, Instant t0) {
        this.linkedId = linkedId;
        this.t0 = t0;
        this.sessionId = "1764151200.1/incoming";
    }

    /** Later events come from this session (another leg, maybe another server). */
    CallScenario inSession(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    CallScenario arrived(long offsetMillis, String... attributes) {
        return event(EventType.CALL_ARRIVED, null, offsetMillis, attributes);
    }

    CallScenario phase(long offsetMillis, Phase phase) {
        return event(EventType.PHASE_STARTED, phase, offsetMillis);
    }

    CallScenario event(EventType type, long offsetMillis, String... attributes) {
        return event(type, null, offsetMillis, attributes);
    }

    CallScenario event(EventType type, Phase phase, long offsetMillis, String... attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            map.put(attributes[i], attributes[i + 1]);
        }
        events.add(new CallEvent(
                UUID.randomUUID(), linkedId, sessionId, type, phase, t0.plusMillis(offsetMillis), offsetMillis, map));
        return this;
    }

    List<CallEvent> events() {
        return List.copyOf(events);
    }

    CallSummary summary() {
        return CallTimeline.summarize(linkedId, events);
    }

    /** The handbook's call: 25 s informer, 25 s assistant, 8 s hold, then a seller. */
    static CallScenario handbookCall(String linkedId) {
        return new CallScenario(linkedId)
                .arrived(
                        400,
                        "line",
                        "main",
                        "did",
                        "74951234567",
                        "campaign",
                        "winter",
                        "source",
                        "google",
                        "caller",
                        "79161234567",
                        "repeat",
                        "false",
                        "t0Source",
                        "cdr")
                .phase(420, Phase.INFORMER)
                .phase(25_000, Phase.MENU)
                .event(EventType.ROUTE_CHOSEN, 30_000, "route", "assistant", "digit", "0")
                .phase(30_000, Phase.ASSISTANT_RINGING)
                .event(EventType.ASSISTANT_ANSWERED, 33_000, "assistant", "PJSIP/200")
                .phase(33_000, Phase.ASSISTANT_TALKING)
                .event(EventType.TRANSFERRED, 50_000, "department", "sales")
                .phase(50_000, Phase.TRANSFER_HOLD)
                .phase(54_000, Phase.SELLER_RINGING)
                .event(EventType.SELLER_ANSWERED, 57_000, "seller", "PJSIP/101")
                .phase(57_000, Phase.WHISPER)
                .event(EventType.SELLER_CONNECTED, 58_000, "seller", "PJSIP/101")
                .event(EventType.CALL_ENDED, 300_000, "cause", "16", "dialStatus", "ANSWER");
    }
}
