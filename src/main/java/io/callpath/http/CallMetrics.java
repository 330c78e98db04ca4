package io.callpath.http;

import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus meters of finished calls, counted once per call when its outcome is first known ({@link LiveCalls}):
 * {@code callpath_calls_total{line,route,outcome}}, {@code callpath_time_to_seller_seconds} (a histogram whose
 * buckets include the service-level target), {@code callpath_phase_seconds{phase}} and
 * {@code callpath_abandons_total{phase}}. Tag values come from the configuration (lines, departments), never from callers.
 */
final class CallMetrics {

    /** Histogram buckets of time-to-seller; the service-level target is added to these. */
    static final List<Duration> TIME_TO_SELLER_BUCKETS = List.of(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(6),
            Duration.ofSeconds(8),
            Duration.ofSeconds(10),
            Duration.ofSeconds(15),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            Duration.ofSeconds(45),
            Duration.ofSeconds(60),
            Duration.ofSeconds(90),
            Duration.ofSeconds(120),
            Duration.ofSeconds(180),
            Duration.ofSeconds(300));

    static final String NONE = "none";

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final Duration shortAbandon;

    CallMetrics(MeterRegistry registry, Duration serviceLevelTarget, Duration shortAbandon) {
        this.registry = registry;
        this.shortAbandon = shortAbandon;
        TreeSet<Duration> all = new TreeSet<>(TIME_TO_SELLER_BUCKETS);
        all.add(serviceLevelTarget);
        this.buckets = all.toArray(new Duration[0]);
        // Present from the first scrape, so that rate() and the alert rules see a zero rather than nothing.
        timeToSeller(NONE);
        shortAbandons();
    }

    void finished(CallSummary call) {
        String line = tag(call.line());
        Counter.builder("callpath.calls")
                .description("Calls by line, route and outcome, counted when the outcome is known")
                .tags(
                        "line",
                        line,
                        "route",
                        tag(call.route()),
                        "outcome",
                        call.outcome().key())
                .register(registry)
                .increment();
        if (call.outcome() == Outcome.REACHED_SELLER && call.timeToSellerMillis() != null) {
            timeToSeller(line).record(call.timeToSellerMillis(), TimeUnit.MILLISECONDS);
        }
        if (call.outcome() == Outcome.ABANDONED && waitedMillis(call) <= shortAbandon.toMillis()) {
            shortAbandons().increment();
        }
        if (call.outcome() == Outcome.ABANDONED) {
            Counter.builder("callpath.abandons")
                    .description("Callers who hung up while waiting, by the phase they were in")
                    .tags(
                            "phase",
                            call.abandonPhase() == null
                                    ? NONE
                                    : call.abandonPhase().key())
                    .register(registry)
                    .increment();
        }
        call.phaseMillis()
                .forEach((phase, millis) -> Timer.builder("callpath.phase")
                        .description("Time callers spent in each phase, per finished call that entered it")
                        .tags("phase", phase.key())
                        .register(registry)
                        .record(millis, TimeUnit.MILLISECONDS));
    }

    private Timer timeToSeller(String line) {
        return Timer.builder("callpath.time.to.seller")
                .description("Arrival at Asterisk to connected with a seller, for calls that reached one")
                .tags("line", line)
                .serviceLevelObjectives(buckets)
                .register(registry);
    }

    private Counter shortAbandons() {
        return Counter.builder("callpath.short.abandons")
                .description(
                        "Abandons within metrics.shortAbandon, left out of the service level (also in callpath_calls_total)")
                .register(registry);
    }

    /** As the report counts it: the phase sum, or arrival to end when no phase was entered. */
    private static long waitedMillis(CallSummary call) {
        if (call.phaseMillis().isEmpty() && call.t0() != null && call.endedAt() != null) {
            return Math.max(0, Duration.between(call.t0(), call.endedAt()).toMillis());
        }
        return call.waitedMillis();
    }

    private static String tag(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    /** The histogram's bucket bounds in seconds, for docs and tests. */
    List<Double> bucketSeconds() {
        List<Double> seconds = new ArrayList<>();
        for (Duration bucket : buckets) {
            seconds.add(bucket.toMillis() / 1000.0);
        }
        return seconds;
    }
}
