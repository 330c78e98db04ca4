package io.callpath.store;

import io.callpath.events.CallEvent;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The committed events of the most recently written calls, so a call's next batch need not read them back. */
final class CommittedEvents {

    private final int maxCalls;
    /** linkedId -> its committed events (immutable copies), least recently written first. */
    private final LinkedHashMap<String, Map<UUID, CallEvent>> calls;

    CommittedEvents(int maxCalls) {
        if (maxCalls < 0) {
            throw new IllegalArgumentException("maxCalls must not be negative, was " + maxCalls);
        }
        this.maxCalls = maxCalls;
        this.calls = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<UUID, CallEvent>> eldest) {
                return size() > CommittedEvents.this.maxCalls;
            }
        };
    }

    /** Mutable copies of what is remembered for these calls (calls not remembered are absent). */
    Map<String, Map<UUID, CallEvent>> of(Collection<String> linkedIds) {
        Map<String, Map<UUID, CallEvent>> found = new LinkedHashMap<>();
        synchronized (calls) {
            for (String linkedId : linkedIds) {
                Map<UUID, CallEvent> events = calls.get(linkedId);
                if (events != null) {
                    found.put(linkedId, new LinkedHashMap<>(events));
                }
            }
        }
        return found;
    }

    /** Remembers every call's events; call only after they are committed, with all of each call's known events. */
    void remember(Map<String, Map<UUID, CallEvent>> byCall) {
        if (maxCalls == 0) {
            return;
        }
        synchronized (calls) {
            byCall.forEach((linkedId, events) ->
                    calls.put(linkedId, Collections.unmodifiableMap(new LinkedHashMap<>(events))));
        }
    }

    /** How many calls are remembered now. */
    int size() {
        synchronized (calls) {
            return calls.size();
        }
    }
}
