package io.callpath.http;

import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.report.Percentiles;
import io.callpath.report.TimeToSellerStats;
import io.callpath.store.CallbacksToday;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the wallboard shows, as a JSON-ready tree: callers waiting now, the calls just reached, the callbacks per line
 * (open now, done and failed today), and today's numbers from {@link TimeToSellerStats} (the report's own code, so the two agree; percentiles by {@link Percentiles}).
 * Caller names go out as data; the page puts them in with textContent only.
 */
final class BoardSnapshot {

    static final int MAX_WAITING_SHOWN = 100;

    private BoardSnapshot() {}

    static Map<String, Object> of(LiveCalls calls, Instant now, Duration target, Duration shortAbandon) {
        return of(calls, List.of(), now, target, shortAbandon);
    }

    static Map<String, Object> of(
            LiveCalls calls, List<CallbacksToday.Row> callbacks, Instant now, Duration target, Duration shortAbandon) {
        List<CallSummary> today = calls.finishedToday();
        TimeToSellerStats stats = TimeToSellerStats.of(today, target, shortAbandon);
        Map<String, Object> board = new LinkedHashMap<>();
        board.put("serverTime", now.toEpochMilli());
        board.put("day", calls.day().toString());
        board.put("zone", calls.zone().getId());
        board.put("targetMs", target.toMillis());
        board.put("shortAbandonMs", shortAbandon.toMillis());
        List<LiveCalls.Waiting> waiting = calls.waiting();
        board.put("waitingCount", waiting.size());
        board.put(
                "waiting",
                waiting.stream()
                        .limit(MAX_WAITING_SHOWN)
                        .map(BoardSnapshot::waiting)
                        .toList());
        board.put(
                "reached",
                calls.recentlyReached().stream().map(BoardSnapshot::reached).toList());
        board.put("today", today(stats));
        board.put("abandonsByPhase", abandons(stats));
        board.put("sellers", sellers(today));
        board.put("sources", sources(today));
        board.put("callbacks", callbacks.stream().map(BoardSnapshot::callbacks).toList());
        return board;
    }

    private static Map<String, Object> callbacks(CallbacksToday.Row line) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("line", line.line());
        row.put("queued", line.queued());
        row.put("dialing", line.dialing());
        row.put("done", line.done());
        row.put("failed", line.failed());
        row.put("p50TimeToCallbackMs", line.p50Millis());
        return row;
    }

    private static Map<String, Object> waiting(LiveCalls.Waiting caller) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", caller.linkedId());
        row.put("line", caller.line());
        row.put("callerName", caller.callerName());
        row.put("callerNumber", caller.callerNumber());
        row.put("phase", caller.phase() == null ? null : caller.phase().key());
        row.put("t0", caller.t0().toEpochMilli());
        return row;
    }

    private static Map<String, Object> reached(LiveCalls.Reached reached) {
        CallSummary call = reached.summary();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", call.linkedId());
        row.put("line", call.line());
        row.put("callerName", reached.callerName());
        row.put("callerNumber", call.callerNumber());
        row.put("seller", call.seller());
        row.put("timeToSellerMs", call.timeToSellerMillis());
        row.put("at", call.tSeller() == null ? null : call.tSeller().toEpochMilli());
        return row;
    }

    private static Map<String, Object> today(TimeToSellerStats stats) {
        Map<String, Object> today = new LinkedHashMap<>();
        today.put("offered", stats.offered());
        today.put("reached", stats.reachedSeller());
        today.put("abandoned", stats.abandoned());
        today.put("shortAbandons", stats.shortAbandons());
        today.put("noSeller", stats.noSeller());
        today.put("failed", stats.failed());
        today.put("p50Ms", stats.p50Millis());
        today.put("p90Ms", stats.p90Millis());
        today.put("withinTarget", stats.reachedWithinTarget());
        today.put("serviceLevelBase", stats.serviceLevelBase());
        today.put("serviceLevel", stats.serviceLevel().orElse(null));
        return today;
    }

    private static List<Map<String, Object>> abandons(TimeToSellerStats stats) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            rows.add(Map.of(
                    "phase", phase.key(), "abandons", stats.abandonsByPhase().getOrDefault(phase, 0)));
        }
        rows.add(Map.of("phase", "none", "abandons", stats.abandonsWithoutPhase()));
        return rows;
    }

    /** Per seller: calls connected today, p50 time-to-seller of those calls, p50 of their ringing (how fast it was answered). */
    private static List<Map<String, Object>> sellers(List<CallSummary> today) {
        Map<String, List<CallSummary>> bySeller = new TreeMap<>();
        for (CallSummary call : today) {
            if (call.outcome() == Outcome.REACHED_SELLER && call.seller() != null) {
                bySeller.computeIfAbsent(call.seller(), seller -> new ArrayList<>())
                        .add(call);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        bySeller.forEach((seller, calls) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seller", seller);
            row.put("calls", calls.size());
            row.put("p50TimeToSellerMs", Percentiles.nearestRank(sorted(calls, CallSummary::timeToSellerMillis), 0.5));
            row.put(
                    "p50RingingMs",
                    Percentiles.nearestRank(
                            sorted(calls, call -> call.phaseMillis().getOrDefault(Phase.SELLER_RINGING, 0L)), 0.5));
            rows.add(row);
        });
        return rows;
    }

    private static List<Map<String, Object>> sources(List<CallSummary> today) {
        Map<String, List<CallSummary>> bySource = new TreeMap<>();
        for (CallSummary call : today) {
            String key = (call.source() == null ? "" : call.source()) + "\u0000"
                    + (call.campaign() == null ? "" : call.campaign());
            bySource.computeIfAbsent(key, k -> new ArrayList<>()).add(call);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        bySource.forEach((key, calls) -> {
            List<CallSummary> reached = calls.stream()
                    .filter(call -> call.outcome() == Outcome.REACHED_SELLER)
                    .toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source", calls.get(0).source());
            row.put("campaign", calls.get(0).campaign());
            row.put("calls", calls.size());
            row.put("reached", reached.size());
            row.put(
                    "p50TimeToSellerMs",
                    Percentiles.nearestRank(sorted(reached, CallSummary::timeToSellerMillis), 0.5));
            rows.add(row);
        });
        return rows;
    }

    private static List<Long> sorted(List<CallSummary> calls, java.util.function.Function<CallSummary, Long> value) {
        List<Long> values = new ArrayList<>();
        for (CallSummary call : calls) {
            Long millis = value.apply(call);
            if (millis != null) {
                values.add(millis);
            }
        }
        values.sort(null);
        return values;
    }
}
