package io.callpath.flow;

import io.callpath.events.CallEvent;
import io.callpath.events.EventSink;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event sink that keeps every event, for assertions. */
final class RecordingSink implements EventSink {

    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(CallEvent event) {
        events.add(event);
    }

    List<CallEvent> events() {
        return events;
    }

    List<EventType> types() {
        return events.stream().map(CallEvent::type).toList();
    }

    List<CallEvent> ofType(EventType type) {
        return events.stream().filter(event -> event.type() == type).toList();
    }

    /** The phases in the order the call entered them: its PHASE_STARTED events. */
    List<Phase> phasesStarted() {
        return ofType(EventType.PHASE_STARTED).stream().map(CallEvent::phase).toList();
    }

    CallEvent only(EventType type) {
        List<CallEvent> matching = ofType(type);
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type + " but got " + matching + " in " + types());
        }
        return matching.get(0);
    }
}
