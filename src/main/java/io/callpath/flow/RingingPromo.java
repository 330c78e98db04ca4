package io.callpath.flow;

import io.callpath.events.EventType;
import java.util.Map;

/** Records when the line's promo plays as the caller's music while phones ring (informer mode while-ringing). */
final class RingingPromo {

    private RingingPromo() {}

    /** Just before a Dial: the promo plays from now on, if this call has ringing music. */
    static void starting(CallRecorder recorder, CallContext call) {
        if (call.musicClass() != null) {
            recorder.record(EventType.PROMO_STARTED, Map.of("musicClass", call.musicClass(), "line", call.lineName()));
        }
    }

    /** After a Dial that bridged nobody: the promo stopped when it returned. */
    static void stopped(CallRecorder recorder, CallContext call, String dialStatus) {
        if (call.musicClass() != null) {
            recorder.record(EventType.PROMO_STOPPED, Map.of("dialStatus", dialStatus));
        }
    }
}
