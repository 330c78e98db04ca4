package io.callpath.flow;

import io.callpath.config.CallpathConfig;
import io.callpath.config.LineConfig;
import io.callpath.events.CallEvent;
import io.callpath.events.EventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Watches the event stream: a caller who hangs up before reaching a seller, or who takes the offered callback
 * (NO_SELLER callback_queued), is queued for a callback (by {@link CallbackRules}); a new call from a number cancels
 * its open callback. Returns at once, like every sink.
 */
public final class CallbackTrigger implements EventSink {

    private static final int OPEN_CALLS = 100_000;

    private final Map<String, LineConfig> lines = new LinkedHashMap<>();
    private final Duration shortAbandon;
    private final CallbackJobs jobs;
    private final Map<String, Arrival> open = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Arrival> eldest) {
            return size() > OPEN_CALLS;
        }
    };

    public CallbackTrigger(CallpathConfig config, CallbackJobs jobs) {
        config.lines().forEach(line -> lines.put(line.name(), line));
        this.shortAbandon = config.metrics().shortAbandon();
        this.jobs = jobs;
    }

    /** Whether any line calls back: without one the trigger need not listen. */
    public static boolean anyLineCallsBack(CallpathConfig config) {
        return config.lines().stream().anyMatch(line -> line.callback().enabled());
    }

    @Override
    public void accept(CallEvent event) {
        switch (event.type()) {
            case CALL_ARRIVED -> arrived(event);
            case SELLER_CONNECTED, FAILED -> settle(event.linkedId());
            case NO_SELLER -> {
                if (CallbackOffer.QUEUED.equals(event.attribute("reason"))) {
                    offerTaken(event);
                } else {
                    settle(event.linkedId());
                }
            }
            case ROUTE_CHOSEN -> {
                if ("after_hours".equals(event.attribute("route")) || "fallback".equals(event.attribute("route"))) {
                    settle(event.linkedId());
                }
            }
            case CALL_ENDED -> ended(event);
            default -> {}
        }
    }

    private void arrived(CallEvent event) {
        String number = event.attribute("caller");
        LineConfig line = lines.get(event.attribute("line"));
        if (number == null || number.isBlank() || line == null) {
            return;
        }
        if (line.callback().enabled()) {
            jobs.cancel(number, "called_in", event.wallTime());
        }
        Instant t0 = event.wallTime().minusMillis(event.offsetMillis());
        synchronized (open) {
            open.putIfAbsent(event.linkedId(), new Arrival(line, number, t0));
        }
    }

    private void settle(String linkedId) {
        synchronized (open) {
            open.remove(linkedId);
        }
    }

    private void ended(CallEvent event) {
        queueFor(event, "abandoned");
    }

    /** The caller pressed the offered callback's key: the call ends here, and the callback counts from now. */
    private void offerTaken(CallEvent event) {
        queueFor(event, "offered");
    }

    private void queueFor(CallEvent event, String origin) {
        Arrival arrival;
        synchronized (open) {
            arrival = open.remove(event.linkedId());
        }
        if (arrival == null) {
            return;
        }
        Instant hungUpAt = event.wallTime();
        Duration waited = Duration.between(arrival.t0(), hungUpAt);
        Optional<CallbackRequest> request = CallbackRules.decide(
                arrival.line(),
                arrival.number(),
                event.linkedId(),
                origin,
                hungUpAt,
                waited.isNegative() ? Duration.ZERO : waited,
                shortAbandon);
        request.ifPresent(jobs::queue);
    }

    private record Arrival(LineConfig line, String number, Instant t0) {}
}
