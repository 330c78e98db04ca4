package io.callpath.desk;

import io.callpath.events.CallEvent;
import io.callpath.events.EventSink;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls of this server as the desks see them: an {@link EventSink} beside the writer, so it learns of every
 * phone callpath dials (PHASE_STARTED carries them) and every answer the moment the flow records it. In memory,
 * for this server's calls only: with several callpath servers behind one Asterisk, a desk page must be opened on
 * the server that serves the phone's calls (docs/desks.md). Never blocks: a map update and a counter.
 */
public final class DeskCalls implements EventSink {

    /** A finished call is forgotten this long after its end (its desk shows "no call" from the end on). */
    static final Duration KEEP_ENDED = Duration.ofMinutes(1);
    /** Calls held at most; past it the oldest go first (a call whose hang-up handler never ran stays otherwise). */
    static final int MAX_CALLS = 20_000;

    private final Map<String, DeskCall> calls = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();
    private final Clock clock;

    public DeskCalls(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void accept(CallEvent event) {
        calls.computeIfAbsent(event.linkedId(), DeskCall::new).apply(event);
        changed();
        if (calls.size() > MAX_CALLS) {
            sweep();
        }
    }

    /** Something a desk shows changed (a call's event, a callback's step): the pages' sender re-reads. */
    void changed() {
        version.incrementAndGet();
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /** Runs {@code listener} after every event; it must return at once (the sender wakes up and reads). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Grows with every event: a page's sender re-reads when it changed. */
    public long version() {
        return version.get();
    }

    /** The newest live call ringing or answered at assistant phone {@code dial}. */
    public Optional<DeskView> atAssistant(String dial) {
        return newest(call -> call.assistantState(dial));
    }

    /** The newest live call ringing, answered or connected at seller phone {@code dial}. */
    public Optional<DeskView> atSeller(String dial) {
        return newest(call -> call.sellerState(dial));
    }

    /** The caller channel of a live call, for a transfer. */
    Optional<DeskCall> call(String linkedId) {
        return Optional.ofNullable(calls.get(linkedId));
    }

    private Optional<DeskView> newest(java.util.function.Function<DeskCall, DeskView.PhoneState> stateOf) {
        sweep();
        return calls.values().stream()
                .map(call -> {
                    DeskView.PhoneState state = stateOf.apply(call);
                    return state == null ? null : call.view(state);
                })
                .filter(java.util.Objects::nonNull)
                .max(Comparator.comparingLong(DeskView::t0Millis));
    }

    private void sweep() {
        java.time.Instant limit = clock.instant().minus(KEEP_ENDED);
        calls.values().removeIf(call -> call.endedBefore(limit));
        if (calls.size() > MAX_CALLS) {
            calls.values().stream()
                    .sorted(Comparator.comparing(DeskCall::t0))
                    .limit(calls.size() - MAX_CALLS)
                    .toList()
                    .forEach(call -> calls.values().remove(call));
        }
    }
}
