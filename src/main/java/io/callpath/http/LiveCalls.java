package io.callpath.http;

import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.CallTimeline;
import io.callpath.events.EventType;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The wallboard's state, folded from the event stream on one thread (not thread-safe): the calls live on this server,
 * and today's finished calls, from the database at start and refreshes ({@link #replaceDay}) and from the events since.
 * Every number is computed from {@link CallSummary}s by the same code as {@code callpath report}.
 */
final class LiveCalls {

    static final int MAX_LIVE_CALLS = 20_000;
    static final int MAX_EVENTS_PER_CALL = 500;
    static final int MAX_FINISHED_TODAY = 500_000;
    static final int RECENTLY_REACHED = 12;
    /** A call with an outcome but no CALL_ENDED (its hang-up handler lost) leaves memory after this. */
    static final Duration FINISHED_IDLE = Duration.ofMinutes(2);
    /** A call with no outcome and no event for this long lost its hang-up: it is no longer shown as waiting. */
    static final Duration WAITING_IDLE = Duration.ofHours(4);

    private final ZoneId zone;
    private final Map<String, LiveCall> live = new LinkedHashMap<>();
    private final Map<String, CallSummary> finishedToday = new HashMap<>();
    private final Set<String> recentlyEnded = new LinkedHashSet<>();
    private final Deque<Reached> recentlyReached = new ArrayDeque<>();
    private LocalDate day;

    /** A call on this server: its events so far, its summary, whether its outcome was counted. */
    static final class LiveCall {
        final List<CallEvent> events = new ArrayList<>();
        CallSummary summary;
        Phase phase;
        String callerName;
        Instant lastEvent;
        boolean counted;
    }

    LiveCalls(ZoneId zone, Instant now) {
        this.zone = zone;
        this.day = LocalDate.ofInstant(now, zone);
    }

    ZoneId zone() {
        return zone;
    }

    LocalDate day() {
        return day;
    }

    /**
     * Folds one event in. Returns the call's summary when this event gave the call its outcome for the first time
     * (it is counted then, once), else empty.
     */
    Optional<CallSummary> accept(CallEvent event, Instant now) {
        rollDay(now);
        String linkedId = event.linkedId();
        if (recentlyEnded.contains(linkedId)) {
            return Optional.empty();
        }
        LiveCall call = live.get(linkedId);
        if (call == null) {
            if (live.size() >= MAX_LIVE_CALLS) {
                Iterator<Map.Entry<String, LiveCall>> oldest = live.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
            call = new LiveCall();
            live.put(linkedId, call);
        }
        if (call.events.size() < MAX_EVENTS_PER_CALL) {
            call.events.add(event);
        }
        call.lastEvent = now;
        if (event.type() == EventType.PHASE_STARTED) {
            call.phase = latestPhase(call.events);
        }
        if (event.type() == EventType.CALL_ARRIVED) {
            call.callerName = event.attribute("callerName");
        }
        call.summary = CallTimeline.summarize(linkedId, call.events);
        Optional<CallSummary> firstOutcome = Optional.empty();
        if (call.summary.outcome() != null) {
            if (isToday(call.summary)) {
                putFinished(call.summary);
            }
            if (!call.counted) {
                call.counted = true;
                firstOutcome = Optional.of(call.summary);
                if (call.summary.outcome() == Outcome.REACHED_SELLER) {
                    rememberReached(call.summary, call.callerName);
                }
            }
        }
        if (event.type() == EventType.CALL_ENDED) {
            live.remove(linkedId);
            rememberEnded(linkedId);
        }
        return firstOutcome;
    }

    /** Drops calls whose hang-up never came (see {@link #FINISHED_IDLE}, {@link #WAITING_IDLE}); rolls the day over. */
    void sweep(Instant now) {
        rollDay(now);
        live.entrySet().removeIf(entry -> {
            LiveCall call = entry.getValue();
            Duration idle = Duration.between(call.lastEvent, now);
            boolean gone = call.summary.outcome() != null
                    ? idle.compareTo(FINISHED_IDLE) > 0
                    : idle.compareTo(WAITING_IDLE) > 0;
            if (gone) {
                rememberEnded(entry.getKey());
            }
            return gone;
        });
    }

    /** Today's finished calls as the database has them (all servers); calls live here keep their own summary. */
    void replaceDay(LocalDate rowsDay, List<CallSummary> rows) {
        if (!rowsDay.equals(day)) {
            return;
        }
        for (CallSummary row : rows) {
            LiveCall here = live.get(row.linkedId());
            if (row.outcome() != null && (here == null || here.summary.outcome() == null) && isToday(row)) {
                putFinished(row);
            }
        }
    }

    /** Callers waiting now on this server, longest wait first. */
    List<Waiting> waiting() {
        List<Waiting> waiting = new ArrayList<>();
        for (Map.Entry<String, LiveCall> entry : live.entrySet()) {
            CallSummary summary = entry.getValue().summary;
            if (summary.outcome() == null && summary.tSeller() == null && summary.t0() != null) {
                LiveCall call = entry.getValue();
                waiting.add(new Waiting(
                        entry.getKey(),
                        summary.line(),
                        call.callerName,
                        summary.callerNumber(),
                        call.phase,
                        summary.t0()));
            }
        }
        waiting.sort(Comparator.comparing(Waiting::t0));
        return waiting;
    }

    /** Today's finished calls (this server's live view merged with the database's rows). */
    List<CallSummary> finishedToday() {
        return List.copyOf(finishedToday.values());
    }

    /** The last calls of this server that reached a seller, newest first. */
    List<Reached> recentlyReached() {
        return List.copyOf(recentlyReached);
    }

    private void rememberReached(CallSummary summary, String callerName) {
        recentlyReached.addFirst(new Reached(summary, callerName));
        while (recentlyReached.size() > RECENTLY_REACHED) {
            recentlyReached.removeLast();
        }
    }

    private void putFinished(CallSummary summary) {
        if (finishedToday.size() < MAX_FINISHED_TODAY || finishedToday.containsKey(summary.linkedId())) {
            finishedToday.put(summary.linkedId(), summary);
        }
    }

    private boolean isToday(CallSummary summary) {
        return summary.t0() != null && LocalDate.ofInstant(summary.t0(), zone).equals(day);
    }

    private void rollDay(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (!today.equals(day)) {
            day = today;
            finishedToday.clear();
        }
    }

    private void rememberEnded(String linkedId) {
        recentlyEnded.add(linkedId);
        if (recentlyEnded.size() > MAX_LIVE_CALLS) {
            Iterator<String> oldest = recentlyEnded.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private static Phase latestPhase(List<CallEvent> events) {
        CallEvent latest = null;
        for (CallEvent event : events) {
            if (event.type() == EventType.PHASE_STARTED
                    && (latest == null || event.offsetMillis() >= latest.offsetMillis())) {
                latest = event;
            }
        }
        return latest == null ? null : latest.phase();
    }

    /** A call that just reached its seller, with the caller's name as it arrived (may be null). */
    record Reached(CallSummary summary, String callerName) {}

    /** A caller waiting now. */
    record Waiting(String linkedId, String line, String callerName, String callerNumber, Phase phase, Instant t0) {}
}
