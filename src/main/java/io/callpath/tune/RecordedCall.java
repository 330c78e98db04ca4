package io.callpath.tune;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A call as stored: its row in {@code calls} and its events from {@code call_events}, oldest first.
 *
 * @param summary the calls row
 * @param events  the call's events by offset from t0
 */
public record RecordedCall(CallSummary summary, List<CallEvent> events) {

    public RecordedCall {
        List<CallEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(CallEvent::offsetMillis));
        events = List.copyOf(sorted);
    }

    /** The first event of that type. */
    Optional<CallEvent> first(EventType type) {
        return events.stream().filter(event -> event.type() == type).findFirst();
    }

    /** Every event of that type, oldest first. */
    List<CallEvent> all(EventType type) {
        return events.stream().filter(event -> event.type() == type).toList();
    }

    /** When the call first entered {@code phase}, in ms from t0. */
    Optional<Long> phaseStart(Phase phase) {
        return events.stream()
                .filter(event -> event.type() == EventType.PHASE_STARTED && event.phase() == phase)
                .map(CallEvent::offsetMillis)
                .findFirst();
    }

    /** The first phase entered after {@code afterMillis} other than the whisper (which a seller's answer starts). */
    Optional<CallEvent> nextPhase(long afterMillis) {
        return events.stream()
                .filter(event -> event.type() == EventType.PHASE_STARTED
                        && event.phase() != Phase.WHISPER
                        && event.offsetMillis() > afterMillis)
                .findFirst();
    }

    /** Events in [fromMillis, toMillis). */
    List<CallEvent> between(long fromMillis, long toMillis) {
        return events.stream()
                .filter(event -> event.offsetMillis() >= fromMillis && event.offsetMillis() < toMillis)
                .toList();
    }

    /** The end of the caller's wait: t_seller, or when the call ended without one. */
    long waitedMillis() {
        return summary.waitedMillis();
    }
}
