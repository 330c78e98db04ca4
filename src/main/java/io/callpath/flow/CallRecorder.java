package io.callpath.flow;

import io.callpath.events.CallEvent;
import io.callpath.events.EventSink;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.events.SessionClock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records the events of one AGI session: stamps each with the call's linkedid, this session's id,
 * wall time and the offset from t0, and remembers the phase the caller is in.
 * Confined to the session's thread.
 */
public final class CallRecorder {

    private final EventSink sink;
    private final SessionClock clock;
    private final String sessionId;
    private String linkedId;
    private Instant t0;
    private Phase currentPhase;
    private String outcome;

    public CallRecorder(EventSink sink, SessionClock clock, String sessionId) {
        this.sink = sink;
        this.clock = clock;
        this.sessionId = sessionId;
    }

    /**
     * Ties this session to its call; events can be recorded from now on.
     *
     * @throws BadInputException when {@code callLinkedId} is not {@link LinkedIds#usable}
     */
    public void identify(String callLinkedId, Instant callT0) {
        if (!LinkedIds.usable(callLinkedId)) {
            throw new BadInputException(LinkedIds.whyUnusable(callLinkedId));
        }
        this.linkedId = callLinkedId;
        this.t0 = callT0;
    }

    public boolean knowsCall() {
        return linkedId != null;
    }

    public Optional<String> linkedId() {
        return Optional.ofNullable(linkedId);
    }

    public String sessionId() {
        return sessionId;
    }

    public SessionClock clock() {
        return clock;
    }

    /** How long the caller has waited so far: t0 to now. */
    public java.time.Duration waited() {
        return java.time.Duration.ofMillis(Math.max(0, clock.offsetMillis(t0)));
    }

    /** The phase this session last entered, if any. */
    public Optional<Phase> currentPhase() {
        return Optional.ofNullable(currentPhase);
    }

    /** Records an event in the current phase. */
    public void record(EventType type, Map<String, String> attributes) {
        emit(type, currentPhase, attributes);
    }

    /** Records PHASE_STARTED: the caller's wait now counts towards {@code phase}. */
    public void enter(Phase phase) {
        enter(phase, Map.of());
    }

    /** {@link #enter(Phase)} with facts about it, e.g. the phones that ring in it (the desks read them). */
    public void enter(Phase phase, Map<String, String> attributes) {
        currentPhase = phase;
        emit(EventType.PHASE_STARTED, phase, attributes);
    }

    /**
     * The caller's wait went on in {@code phase} in another session, which recorded its PHASE_STARTED (the seller's
     * whisper): this session's later events belong to that phase. Records nothing, so the phases stay one partition.
     */
    public void continuedElsewhereIn(Phase phase) {
        currentPhase = phase;
    }

    /** The session did what it was for; a hang-up seen after this is the normal end, not an abandon. */
    public void finish(String outcomeText) {
        this.outcome = outcomeText;
    }

    /** What the session achieved, once {@link #finish} was called. */
    public Optional<String> outcome() {
        return Optional.ofNullable(outcome);
    }

    private void emit(EventType type, Phase phase, Map<String, String> attributes) {
        if (linkedId == null) {
            throw new IllegalStateException("event " + type + " before the call's linkedid is known");
        }
        sink.accept(new CallEvent(
                UUID.randomUUID(), linkedId, sessionId, type, phase, clock.now(), clock.offsetMillis(t0), attributes));
    }
}
