package io.callpath.events;

/** Where call events go. Implementations must return at once: the call never waits on a sink. */
public interface EventSink {

    /** Takes one event; never blocks and never throws on a storage problem. */
    void accept(CallEvent event);
}
