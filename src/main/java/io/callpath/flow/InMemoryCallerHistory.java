package io.callpath.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Repeat callers remembered in this process only: for one server and for tests.
 * Holds at most {@code capacity} callers, forgetting the least recently seen; thread-safe.
 */
public final class InMemoryCallerHistory implements CallerHistory {

    private final Clock clock;
    private final Map<String, Entry> byCaller;

    public InMemoryCallerHistory(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        this.clock = clock;
        this.byCaller = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Optional<PreviousCall> lookup(String callerNumber, String currentLinkedId, Duration window) {
        Entry entry = byCaller.get(callerNumber);
        if (entry == null) {
            return Optional.empty();
        }
        Instant since = clock.instant().minus(window);
        if (!entry.linkedId.equals(currentLinkedId) && !entry.at.isBefore(since)) {
            return Optional.of(new PreviousCall(entry.at, entry.seller, entry.department));
        }
        if (entry.linkedId.equals(currentLinkedId) && entry.earlierAt != null && !entry.earlierAt.isBefore(since)) {
            return Optional.of(new PreviousCall(entry.earlierAt, entry.seller, entry.department));
        }
        return Optional.empty();
    }

    @Override
    public synchronized void remember(
            String callerNumber, String linkedId, String seller, String department, Instant at) {
        Entry previous = byCaller.get(callerNumber);
        Entry next;
        if (previous == null) {
            next = new Entry(linkedId, at, null, seller, department);
        } else if (previous.linkedId.equals(linkedId)) {
            next = seller != null
                    ? new Entry(linkedId, previous.at, previous.earlierAt, seller, department)
                    : new Entry(linkedId, previous.at, previous.earlierAt, previous.seller, previous.department);
        } else {
            next = seller != null
                    ? new Entry(linkedId, at, previous.at, seller, department)
                    : new Entry(linkedId, at, previous.at, previous.seller, previous.department);
        }
        byCaller.put(callerNumber, next);
    }

    /** The latest call of a caller, the one before it, and the last seller who spoke with them (and their department). */
    private record Entry(String linkedId, Instant at, Instant earlierAt, String seller, String department) {}
}
