package io.callpath.logs;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * WARN lines that a flood of connections cannot multiply: per {@link Kind}, at most
 * {@value #LINES_PER_INTERVAL} lines a minute are written in full; the rest are counted by source (an address, a
 * script, a DID) and summarised in one line per kind at most once a minute, when the next warning comes or at
 * {@link #flush()}. A kind that names each source once ({@link Kind#oncePerSource()}) writes a source's first
 * warning only, ever (the last {@value #REMEMBERED_SOURCES} sources are remembered).
 *
 * <p>One instance per component that warns per connection or per call (the FastAGI server, each script), so that
 * one component's flood does not hide another's first line. Thread-safe; never blocks on I/O of its own.
 */
public final class RateLimitedWarnings {

    /**
     * One kind of warning.
     *
     * @param summary       what the summary counts, e.g. "FastAGI connections refused as outside server.allow"
     * @param advice        what an operator should do, ending the summary line
     * @param oncePerSource true when a source's first warning says all there is (refused addresses): later ones are counted only
     */
    public record Kind(String summary, String advice, boolean oncePerSource) {
        public Kind {
            Objects.requireNonNull(summary, "summary == null");
            Objects.requireNonNull(advice, "advice == null");
        }
    }

    public static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    public static final int LINES_PER_INTERVAL = 10;
    private static final int REMEMBERED_SOURCES = 1024;
    private static final int SOURCES_NAMED_IN_SUMMARY = 3;

    private final LongSupplier monotonicNanos;
    private final Consumer<String> warn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Kind, KindState> kinds = new LinkedHashMap<>();
    private long intervalStart;

    /** Warnings go to {@code log} at WARN; the interval is measured on System.nanoTime. */
    public RateLimitedWarnings(Logger log) {
        this(System::nanoTime, log::warn);
    }

    /** Warnings go to {@code warn}; the interval is measured on {@code monotonicNanos}. */
    public RateLimitedWarnings(LongSupplier monotonicNanos, Consumer<String> warn) {
        this.monotonicNanos = monotonicNanos;
        this.warn = warn;
        this.intervalStart = monotonicNanos.getAsLong();
    }

    /**
     * Writes {@code line} now if this kind's budget allows, otherwise counts it under {@code source}.
     * {@code line} is only built when written.
     */
    public void warn(Kind kind, String source, Supplier<String> line) {
        String text = null;
        lock.lock();
        try {
            long now = monotonicNanos.getAsLong();
            if (now - intervalStart >= SUMMARY_INTERVAL.toNanos()) {
                summariseAll(now);
            }
            KindState state = kinds.computeIfAbsent(kind, unused -> new KindState());
            boolean sourceNew = !kind.oncePerSource() || !state.named.containsKey(source);
            if (sourceNew && state.linesThisInterval < LINES_PER_INTERVAL) {
                state.linesThisInterval++;
                if (kind.oncePerSource()) {
                    state.named.put(source, Boolean.TRUE);
                }
                text = line.get();
            } else {
                state.named.get(source); // refreshes its place in the access order
                state.count(source);
            }
        } finally {
            lock.unlock();
        }
        if (text != null) {
            warn.accept(text);
        }
    }

    /** Writes the summaries of what was counted but not yet written; for shutdown. */
    public void flush() {
        lock.lock();
        try {
            summariseAll(monotonicNanos.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    private void summariseAll(long now) {
        long seconds = Math.max(1, Duration.ofNanos(now - intervalStart).toSeconds());
        kinds.forEach((kind, state) -> {
            if (state.unloggedTotal > 0) {
                warn.accept(state.summary(kind, seconds));
            }
            state.reset();
        });
        intervalStart = now;
    }

    private static final class KindState {
        /** Sources already written in full (oncePerSource kinds); bounded, least recently seen dropped first. */
        final Map<String, Boolean> named = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED_SOURCES;
            }
        };

        final Map<String, Long> unlogged = new HashMap<>();
        long unloggedTotal;
        boolean tooManyToName;
        int linesThisInterval;

        void count(String source) {
            unloggedTotal++;
            if (unlogged.containsKey(source) || unlogged.size() < REMEMBERED_SOURCES) {
                unlogged.merge(source, 1L, Long::sum);
            } else {
                tooManyToName = true;
            }
        }

        String summary(Kind kind, long seconds) {
            String top = unlogged.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(SOURCES_NAMED_IN_SUMMARY)
                    .map(entry -> entry.getKey() + " x" + entry.getValue())
                    .collect(Collectors.joining(", "));
            String sources = tooManyToName
                    ? "more than " + unlogged.size() + " sources"
                    : unlogged.size() + (unlogged.size() == 1 ? " source" : " sources");
            return unloggedTotal + " more " + kind.summary() + " from " + sources + " in the last " + seconds
                    + " s (most: " + top + "); " + kind.advice();
        }

        void reset() {
            unlogged.clear();
            unloggedTotal = 0;
            tooManyToName = false;
            linesThisInterval = 0;
        }
    }
}
