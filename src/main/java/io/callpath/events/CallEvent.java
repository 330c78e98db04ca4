package io.callpath.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One timeline event of a call.
 *
 * @param eventId      unique per event, so a replayed event is never stored twice
 * @param linkedId     Asterisk's linkedid: the same on every leg and every AGI session of the call
 * @param sessionId    the AGI session that saw it: channel uniqueid + "/" + script name
 * @param type         what happened
 * @param phase        the phase entered, for {@link EventType#PHASE_STARTED}; otherwise the phase current when it happened, or null
 * @param wallTime     wall-clock time of the event
 * @param offsetMillis milliseconds since t0, measured on a monotonic clock within the session (see {@link SessionClock})
 * @param attributes   small string facts (seller, route, reason...); never null
 */
public record CallEvent(
        UUID eventId,
        String linkedId,
        String sessionId,
        EventType type,
        Phase phase,
        Instant wallTime,
        long offsetMillis,
        Map<String, String> attributes) {

    public CallEvent {
        Objects.requireNonNull(eventId, "eventId == null");
        Objects.requireNonNull(linkedId, "linkedId == null");
        Objects.requireNonNull(sessionId, "sessionId == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(wallTime, "wallTime == null");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes == null"));
        if (type == EventType.PHASE_STARTED && phase == null) {
            throw new IllegalArgumentException("PHASE_STARTED needs a phase");
        }
    }

    /** The attribute, or null when absent. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}
