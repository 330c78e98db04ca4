package io.callpath.events;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every event to several sinks; one that throws does not keep the event from the others. */
public final class FanOutEventSink implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(FanOutEventSink.class);
    /** A broken sink throws on every event; one stack trace per this many failures is enough to find it. */
    private static final long LOG_EVERY_FAILURES = 1_000;

    private final List<EventSink> sinks;
    private final AtomicLongArray failures;

    public FanOutEventSink(List<EventSink> sinks) {
        this.sinks = List.copyOf(sinks);
        this.failures = new AtomicLongArray(this.sinks.size());
    }

    @Override
    public void accept(CallEvent event) {
        for (int i = 0; i < sinks.size(); i++) {
            EventSink sink = sinks.get(i);
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                // EventSink promises never to throw, so this is a bug in that sink; the call goes on regardless.
                long failed = failures.incrementAndGet(i);
                if (failed % LOG_EVERY_FAILURES == 1) {
                    log.error(
                            "event sink {} threw on {} of call {} ({} failures so far)",
                            sink.getClass().getName(),
                            event.type(),
                            event.linkedId(),
                            failed,
                            e);
                }
            }
        }
    }

    /** How often the sink at {@code index} has thrown. */
    public long failures(int index) {
        return failures.get(index);
    }
}
