package io.callpath.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Folds a call's events, from every session and in any order, into its summary. */
public final class CallTimeline {

    static final String ASSISTANT_ONLY = "assistant_only";
    /**
     * The call ended (its hang-up handler ran) but no session saw the caller hang up and none recorded an end: the
     * session serving the caller was cut (callpath crashed or was down). Not the caller's abandon.
     */
    public static final String INTERRUPTED = "interrupted";

    /**
     * Offset first; ties broken by type precedence (the enum's order follows a call's course), then by
     * phase, session and event id, so the same events always fold the same way whatever order they came in.
     */
    private static final Comparator<CallEvent> TIMELINE_ORDER = Comparator.comparingLong(CallEvent::offsetMillis)
            .thenComparing(CallEvent::type)
            .thenComparing(CallEvent::phase, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(CallEvent::sessionId)
            .thenComparing(CallEvent::eventId);

    private CallTimeline() {}

    /**
     * The summary of one call; {@code events} may be incomplete (a live call) or contain duplicates.
     * Never throws on odd input; with no events at all, {@code t0} is null.
     */
    public static CallSummary summarize(String linkedId, List<CallEvent> events) {
        List<CallEvent> timeline = distinctInOrder(events);
        CallEvent arrived = first(timeline, EventType.CALL_ARRIVED);
        Instant t0 = arrivalOf(arrived, timeline);

        CallEvent connected = first(timeline, EventType.SELLER_CONNECTED);
        CallEvent endOfWaiting = connected != null ? connected : firstEndOfWaiting(timeline);
        long waitEnd = endOfWaiting != null ? clamp(endOfWaiting.offsetMillis()) : lastOffset(timeline);

        PhaseFold phases = foldPhases(timeline, waitEnd);

        Outcome outcome = null;
        String outcomeReason = null;
        Phase abandonPhase = null;
        boolean assistantInvolved = first(timeline, EventType.ASSISTANT_ANSWERED) != null;
        CallEvent failed = first(timeline, EventType.FAILED);
        CallEvent noSeller = first(timeline, EventType.NO_SELLER);
        CallEvent ended = first(timeline, EventType.CALLER_HUNG_UP, EventType.CALL_ENDED);
        CallEvent callerHungUp = first(timeline, EventType.CALLER_HUNG_UP);
        if (connected != null) {
            outcome = Outcome.REACHED_SELLER;
        } else if (failed != null) {
            outcome = Outcome.FAILED;
            outcomeReason = failed.attribute("reason");
        } else if (noSeller != null) {
            outcome = Outcome.NO_SELLER;
            outcomeReason = noSeller.attribute("reason");
        } else if (ended != null && assistantInvolved && !waitingPastAssistant(phases.current)) {
            // The assistant handled the caller and nobody was being fetched: not an abandon but a call
            // the assistant kept. A caller who hangs up on hold after a transfer did abandon (below).
            outcome = Outcome.NO_SELLER;
            outcomeReason = ASSISTANT_ONLY;
        } else if (callerHungUp != null) {
            outcome = Outcome.ABANDONED;
            abandonPhase = phases.current;
        } else if (ended != null) {
            outcome = Outcome.FAILED;
            outcomeReason = INTERRUPTED;
        }

        Instant tSeller = connected == null || t0 == null ? null : t0.plusMillis(waitEnd);
        CallEvent route = last(timeline, EventType.ROUTE_CHOSEN);
        Map<String, String> arrival = arrived == null ? Map.of() : arrived.attributes();
        return new CallSummary(
                linkedId,
                arrival.get("line"),
                arrival.get("did"),
                arrival.get("campaign"),
                arrival.get("source"),
                arrival.get("caller"),
                route == null ? null : route.attribute("route"),
                t0,
                tSeller,
                connected == null ? null : waitEnd,
                phases.millis,
                outcome,
                outcomeReason,
                abandonPhase,
                connected == null ? null : connected.attribute("seller"),
                connected == null ? null : sellerDepartment(connected, timeline),
                assistantInvolved,
                (int) timeline.stream()
                        .filter(event -> event.type() == EventType.TRANSFERRED)
                        .count(),
                "true".equalsIgnoreCase(arrival.get("repeat")),
                endedAt(timeline, outcome),
                promoWhileRinging(timeline, waitEnd));
    }

    private static List<CallEvent> distinctInOrder(List<CallEvent> events) {
        Map<UUID, CallEvent> byId = new LinkedHashMap<>();
        for (CallEvent event : events) {
            if (event != null) {
                byId.putIfAbsent(event.eventId(), event);
            }
        }
        List<CallEvent> timeline = new ArrayList<>(byId.values());
        timeline.sort(TIMELINE_ORDER);
        return timeline;
    }

    private static Instant arrivalOf(CallEvent arrived, List<CallEvent> timeline) {
        if (arrived != null) {
            // The exact t0 (microseconds) the flow resolved; wall time minus a whole-millisecond offset lands up to 1
            // ms late.
            Optional<Instant> exact = EpochText.parse(arrived.attribute("t0"));
            if (exact.isPresent()) {
                return exact.get();
            }
        }
        CallEvent anchor = arrived;
        if (anchor == null) {
            // No CALL_ARRIVED yet (it may sit on another server): every session stamps offsets from the
            // same t0, so any event recovers it; the earliest is the least exposed to clock drift.
            anchor = timeline.stream()
                    .min(Comparator.comparing(CallEvent::wallTime))
                    .orElse(null);
        }
        return anchor == null ? null : anchor.wallTime().minusMillis(anchor.offsetMillis());
    }

    /** The department the reached seller was rung for: on SELLER_CONNECTED, or (older events) on their SELLER_ANSWERED. */
    private static String sellerDepartment(CallEvent connected, List<CallEvent> timeline) {
        String department = connected.attribute("department");
        if (department != null) {
            return department.isEmpty() ? null : department;
        }
        String seller = connected.attribute("seller");
        for (int i = timeline.size() - 1; i >= 0; i--) {
            CallEvent event = timeline.get(i);
            if (event.type() == EventType.SELLER_ANSWERED
                    && seller != null
                    && seller.equals(event.attribute("seller"))) {
                String answered = event.attribute("department");
                return answered == null || answered.isEmpty() ? null : answered;
            }
        }
        return null;
    }

    private static CallEvent firstEndOfWaiting(List<CallEvent> timeline) {
        return first(timeline, EventType.CALLER_HUNG_UP, EventType.NO_SELLER, EventType.FAILED, EventType.CALL_ENDED);
    }

    /** Phases over [0, waitEnd]: the first phase starts at 0, each one ends where the next starts. */
    private static PhaseFold foldPhases(List<CallEvent> timeline, long waitEnd) {
        Map<Phase, Long> millis = new EnumMap<>(Phase.class);
        Phase current = null;
        long currentStart = 0;
        for (CallEvent event : timeline) {
            if (event.type() != EventType.PHASE_STARTED) {
                continue;
            }
            if (current == null) {
                // The first phase absorbs the time before our server heard of the call.
                current = event.phase();
                currentStart = 0;
                continue;
            }
            long start = clamp(event.offsetMillis());
            if (start > waitEnd) {
                break;
            }
            millis.merge(current, start - currentStart, Long::sum);
            current = event.phase();
            currentStart = start;
        }
        if (current != null) {
            millis.merge(current, Math.max(0, waitEnd - currentStart), Long::sum);
        }
        return new PhaseFold(millis, current);
    }

    /**
     * The promo heard as ringing music within [0, waitEnd]: from each PROMO_STARTED to the next PROMO_STOPPED, bridge
     * (SELLER_CONNECTED, ASSISTANT_ANSWERED) or end of waiting, whichever comes first.
     */
    private static long promoWhileRinging(List<CallEvent> timeline, long waitEnd) {
        long total = 0;
        long start = -1;
        for (CallEvent event : timeline) {
            long at = Math.min(clamp(event.offsetMillis()), waitEnd);
            if (event.type() == EventType.PROMO_STARTED) {
                start = start < 0 ? at : start;
            } else if (start >= 0
                    && isOneOf(
                            event,
                            EventType.PROMO_STOPPED,
                            EventType.SELLER_CONNECTED,
                            EventType.ASSISTANT_ANSWERED,
                            EventType.CALLER_HUNG_UP,
                            EventType.NO_SELLER,
                            EventType.FAILED,
                            EventType.CALL_ENDED)) {
                total += at - start;
                start = -1;
            }
        }
        return start < 0 ? total : total + Math.max(0, waitEnd - start);
    }

    private static boolean waitingPastAssistant(Phase phase) {
        return phase == Phase.TRANSFER_HOLD || phase == Phase.SELLER_RINGING || phase == Phase.WHISPER;
    }

    private static Instant endedAt(List<CallEvent> timeline, Outcome outcome) {
        CallEvent callEnded = last(timeline, EventType.CALL_ENDED);
        if (callEnded != null) {
            return callEnded.wallTime();
        }
        if (outcome == null || outcome == Outcome.REACHED_SELLER) {
            CallEvent hungUp = last(timeline, EventType.CALLER_HUNG_UP);
            return hungUp == null ? null : hungUp.wallTime();
        }
        CallEvent terminal = last(timeline, EventType.CALLER_HUNG_UP, EventType.NO_SELLER, EventType.FAILED);
        return terminal == null ? null : terminal.wallTime();
    }

    private static long lastOffset(List<CallEvent> timeline) {
        return timeline.isEmpty() ? 0 : clamp(timeline.get(timeline.size() - 1).offsetMillis());
    }

    /** Offsets from another server's clock can come out slightly negative; the wait starts at t0. */
    private static long clamp(long offsetMillis) {
        return Math.max(0, offsetMillis);
    }

    private static CallEvent first(List<CallEvent> timeline, EventType... types) {
        for (CallEvent event : timeline) {
            if (isOneOf(event, types)) {
                return event;
            }
        }
        return null;
    }

    private static CallEvent last(List<CallEvent> timeline, EventType... types) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if (isOneOf(timeline.get(i), types)) {
                return timeline.get(i);
            }
        }
        return null;
    }

    private static boolean isOneOf(CallEvent event, EventType... types) {
        for (EventType type : types) {
            if (event.type() == type) {
                return true;
            }
        }
        return false;
    }

    private record PhaseFold(Map<Phase, Long> millis, Phase current) {}
}
