package io.callpath.app;

import io.callpath.agi.SessionRejections;
import io.callpath.events.CallEvent;
import io.callpath.events.EventSink;
import io.callpath.events.EventType;
import io.callpath.flow.CallRequest;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** A session refused before any flow ran still leaves a FAILED event on its call (the linkedid the server read). */
final class RefusedSessionEvents implements SessionRejections {

    private final EventSink sink;
    private final Clock wallClock;

    RefusedSessionEvents(EventSink sink, Clock wallClock) {
        this.sink = sink;
        this.wallClock = wallClock;
    }

    @Override
    public void rejected(CallRequest request, String linkedId, String reason) {
        sink.accept(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                request.uniqueId() + "/" + request.script(),
                EventType.FAILED,
                null,
                wallClock.instant(),
                0,
                Map.of("reason", reason.replace(' ', '_'), "script", request.script())));
    }
}
