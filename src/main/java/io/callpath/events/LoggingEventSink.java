package io.callpath.events;

import static io.callpath.logs.LogText.printable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs every event at DEBUG and one INFO line per call when its caller leg ends ({@link EventType#CALL_ENDED}).
 * Only live calls are held, at most {@code maxLiveCalls}; a call that never ends is summarised when it is evicted.
 */
public final class LoggingEventSink implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(LoggingEventSink.class);
    private static final int MAX_EVENTS_PER_CALL = 1_000;
    private static final int WARN_EVERY_EVICTIONS = 1_000;

    private final int maxLiveCalls;
    private final Object lock = new Object();
    /** linkedId -> events of calls not yet ended, oldest first. */
    private final Map<String, List<CallEvent>> liveCalls = new LinkedHashMap<>();
    /** Recently ended calls, so a late event from another leg does not start a phantom call. */
    private final Set<String> recentlyEnded = new LinkedHashSet<>();

    private long evictions;

    public LoggingEventSink(int maxLiveCalls) {
        if (maxLiveCalls < 1) {
            throw new IllegalArgumentException("maxLiveCalls must be at least 1, was " + maxLiveCalls);
        }
        this.maxLiveCalls = maxLiveCalls;
    }

    @Override
    public void accept(CallEvent event) {
        String previousCall = MDC.get("call");
        MDC.put("call", event.linkedId());
        try {
            if (log.isDebugEnabled()) {
                log.debug(
                        "event {} phase={} offsetMs={} session={} {}",
                        event.type(),
                        event.phase() == null ? "-" : event.phase().key(),
                        event.offsetMillis(),
                        printable(event.sessionId()),
                        printable(event.attributes()));
            }
            record(event);
        } finally {
            restore(previousCall);
        }
    }

    /** Calls held in memory now (not yet ended). */
    public int liveCalls() {
        synchronized (lock) {
            return liveCalls.size();
        }
    }

    private void record(CallEvent event) {
        String linkedId = event.linkedId();
        List<CallEvent> finished = null;
        Map.Entry<String, List<CallEvent>> evicted = null;
        long evictionCount = 0;
        synchronized (lock) {
            if (recentlyEnded.contains(linkedId)) {
                return;
            }
            List<CallEvent> events = liveCalls.get(linkedId);
            if (events == null) {
                if (liveCalls.size() >= maxLiveCalls) {
                    evicted = removeOldest(liveCalls);
                    evictionCount = ++evictions;
                }
                events = new ArrayList<>();
                liveCalls.put(linkedId, events);
            }
            if (events.size() < MAX_EVENTS_PER_CALL) {
                events.add(event);
            }
            if (event.type() == EventType.CALL_ENDED) {
                finished = liveCalls.remove(linkedId);
                rememberEnded(linkedId);
            }
        }
        if (evicted != null) {
            logEvicted(evicted.getKey(), evicted.getValue(), evictionCount);
        }
        if (finished != null) {
            log.info("{}", doneLine(CallTimeline.summarize(linkedId, finished)));
        }
    }

    private void logEvicted(String linkedId, List<CallEvent> events, long evictionCount) {
        if (evictionCount % WARN_EVERY_EVICTIONS == 1) {
            log.warn(
                    "{} calls never reported CALL_ENDED and were dropped from the live set ({} max); check that the"
                            + " caller leg pushes the callpath-hangup handler, or raise the live-call bound",
                    evictionCount,
                    maxLiveCalls);
        }
        String previousCall = MDC.get("call");
        MDC.put("call", linkedId);
        try {
            log.info("{} (no CALL_ENDED seen)", doneLine(CallTimeline.summarize(linkedId, events)));
        } finally {
            restore(previousCall);
        }
    }

    private void rememberEnded(String linkedId) {
        recentlyEnded.add(linkedId);
        Iterator<String> oldest = recentlyEnded.iterator();
        while (recentlyEnded.size() > maxLiveCalls && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** The per-call INFO line: {@code call done route=… outcome=… timeToSellerMs=… phases=informer:…,menu:…}. */
    static String doneLine(CallSummary summary) {
        StringJoiner phases = new StringJoiner(",");
        for (Phase phase : Phase.values()) {
            Long millis = summary.phaseMillis().get(phase);
            if (millis != null) {
                phases.add(phase.key() + ":" + millis);
            }
        }
        return "call done route=" + (summary.route() == null ? "-" : printable(summary.route()))
                + " outcome="
                + (summary.outcome() == null ? "-" : summary.outcome().key())
                + " timeToSellerMs=" + (summary.timeToSellerMillis() == null ? "-" : summary.timeToSellerMillis())
                + " phases=" + (phases.length() == 0 ? "-" : phases.toString());
    }

    private static <K, V> Map.Entry<K, V> removeOldest(Map<K, V> map) {
        Iterator<Map.Entry<K, V>> oldestFirst = map.entrySet().iterator();
        Map.Entry<K, V> oldest = oldestFirst.next();
        Map.Entry<K, V> removed = Map.entry(oldest.getKey(), oldest.getValue());
        oldestFirst.remove();
        return removed;
    }

    private static void restore(String previousCall) {
        if (previousCall == null) {
            MDC.remove("call");
        } else {
            MDC.put("call", previousCall);
        }
    }
}
