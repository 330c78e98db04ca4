package io.callpath.store;

import io.callpath.clock.CallEvent;
import io.callpath.clock.CallSummary;
import io.callpath.clock.EventType;
import io.callpath.clock.Outcome;
import io.callpath.clock.Phase;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small stand-in for {@code CallTimeline.summarize} (written in parallel by another engineer) so the store's
 * tests can check calls rows and views now. It follows the contract's phase rules for the simple stories the tests tell.
 */
public final class TestTimeline {

    private TestTimeline() {
    }

    public static CallSummary summarize(String linkedId, List<CallEvent> unordered) {
        Map<UUID, CallEvent> unique = new LinkedHashMap<>();
        unordered.forEach(event -> unique.putIfAbsent(event.eventId(), event));
        List<CallEvent> events = unique.values().stream().sorted(Comparator.comparingLong(CallEvent::offsetMillis)).toList();
        CallEvent first = events.get(0);
        Instant t0 = first.wallTime().minusMillis(first.offsetMillis());
        Map<String, String> arrival = events.stream().filter(e -> e.type() == EventType.CALL_ARRIVED)
                .findFirst().map(CallEvent::attributes).orElse(Map.of());
        String route = null;
        String seller = null;
        Long connectedAt = null;
        Long endOfWaiting = null;
        Outcome outcome = null;
        String reason = null;
        Instant endedAt = null;
        boolean assistant = false;
        int transfers = 0;
        Phase current = null;
        long phaseStart = 0;
        Map<Phase, Long> phases = new EnumMap<>(Phase.class);
        for (CallEvent event : events) {
            boolean waiting = connectedAt == null && endOfWaiting == null;
            switch (event.type()) {
                case PHASE_STARTED -> {
                    if (waiting) {
                        if (current != null) {
                            phases.merge(current, event.offsetMillis() - phaseStart, Long::sum);
                        }
                        current = event.phase();
                        phaseStart = event.offsetMillis();
                    }
                }
                case ROUTE_CHOSEN -> route = event.attribute("route");
                case ASSISTANT_ANSWERED -> assistant = true;
                case TRANSFERRED -> transfers++;
                case SELLER_CONNECTED -> {
                    if (waiting) {
                        connectedAt = event.offsetMillis();
                        seller = event.attribute("seller");
                        outcome = Outcome.REACHED_SELLER;
                    }
                }
                case NO_SELLER, FAILED, CALLER_HUNG_UP, CALL_ENDED -> {
                    if (waiting) {
                        endOfWaiting = event.offsetMillis();
                        outcome = switch (event.type()) {
                            case NO_SELLER -> Outcome.NO_SELLER;
                            case FAILED -> Outcome.FAILED;
                            default -> Outcome.ABANDONED;
                        };
                        reason = event.attribute("reason");
                    }
                    if (event.type() == EventType.CALL_ENDED) {
                        endedAt = event.wallTime();
                    }
                }
                default -> { }
            }
        }
        Long end = connectedAt != null ? connectedAt : endOfWaiting;
        if (current != null && end != null) {
            phases.merge(current, end - phaseStart, Long::sum);
        }
        return new CallSummary(linkedId, arrival.get("line"), arrival.get("did"), arrival.get("campaign"),
                arrival.get("source"), arrival.get("caller"), route, t0,
                connectedAt == null ? null : t0.plusMillis(connectedAt), connectedAt, phases, outcome, reason,
                outcome == Outcome.ABANDONED ? current : null, seller, assistant, transfers,
                "true".equals(arrival.get("repeat")), endedAt);
    }
}
