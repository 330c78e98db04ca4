package io.callpath.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the events of the most recent calls in memory: for tests, the simulator and a server without a database.
 * Events are kept as received (duplicates included); summaries fold them with {@link CallTimeline}.
 */
public final class InMemoryEventSink implements EventSink {

    /** A call that emits more than this is a runaway loop; further events are dropped. */
    public static final int MAX_EVENTS_PER_CALL = 10_000;

    private final int maxCalls;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition eventArrived = lock.newCondition();
    /** linkedId -> events, oldest call first. */
    private final Map<String, List<CallEvent>> calls = new LinkedHashMap<>();

    public InMemoryEventSink(int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be at least 1, was " + maxCalls);
        }
        this.maxCalls = maxCalls;
    }

    @Override
    public void accept(CallEvent event) {
        lock.lock();
        try {
            List<CallEvent> events = calls.get(event.linkedId());
            if (events == null) {
                evictOldestWhenFull();
                events = new ArrayList<>();
                calls.put(event.linkedId(), events);
            }
            if (events.size() < MAX_EVENTS_PER_CALL) {
                events.add(event);
            }
            eventArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The call's events in the order received; empty for an unknown (or evicted) call. */
    public List<CallEvent> events(String linkedId) {
        lock.lock();
        try {
            return List.copyOf(calls.getOrDefault(linkedId, List.of()));
        } finally {
            lock.unlock();
        }
    }

    /** The call folded so far, or empty for an unknown call. */
    public Optional<CallSummary> summary(String linkedId) {
        List<CallEvent> events = events(linkedId);
        return events.isEmpty() ? Optional.empty() : Optional.of(CallTimeline.summarize(linkedId, events));
    }

    /** Every call kept, oldest first. */
    public List<CallSummary> summaries() {
        Map<String, List<CallEvent>> snapshot = new LinkedHashMap<>();
        lock.lock();
        try {
            calls.forEach((linkedId, events) -> snapshot.put(linkedId, List.copyOf(events)));
        } finally {
            lock.unlock();
        }
        List<CallSummary> summaries = new ArrayList<>(snapshot.size());
        snapshot.forEach((linkedId, events) -> summaries.add(CallTimeline.summarize(linkedId, events)));
        return summaries;
    }

    /**
     * Waits until the call has an event of {@code type} (returning the first), or until {@code timeout} passes.
     * For tests: sessions emit from their own threads.
     */
    public Optional<CallEvent> awaitEvent(String linkedId, EventType type, Duration timeout) {
        long remainingNanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<CallEvent> found = calls.getOrDefault(linkedId, List.of()).stream()
                        .filter(event -> event.type() == type)
                        .findFirst();
                if (found.isPresent() || remainingNanos <= 0) {
                    return found;
                }
                remainingNanos = eventArrived.awaitNanos(remainingNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private void evictOldestWhenFull() {
        Iterator<String> oldestFirst = calls.keySet().iterator();
        while (calls.size() >= maxCalls && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /** Upper bound on calls kept. */
    public int maxCalls() {
        return maxCalls;
    }
}
