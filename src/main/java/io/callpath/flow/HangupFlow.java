package io.callpath.flow;

import io.callpath.events.EventType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** "hangup": the hang-up handler of a leg; on the caller's leg records CALL_ENDED. Dead channel: variables only. */
public final class HangupFlow implements CallFlow {

    private static final Logger log = LoggerFactory.getLogger(HangupFlow.class);

    @Override
    public void run(Channel channel, CallRecorder recorder) {
        CallRequest request = channel.request();
        String leg = request.parameter("leg").orElse("caller");
        if (!leg.equals("caller")) {
            log.debug("{} leg of call {} hung up", leg, request.argument(1).orElse("?"));
            recorder.finish(leg + "_leg_ended");
            return;
        }
        String[] values = channel.evaluate("${CHANNEL(linkedid)}|${HANGUPCAUSE}|${DIALSTATUS}|${CALLPATH_T0}")
                .orElse("")
                .split("\\|", -1);
        String linkedId = request.argument(1).orElse(part(values, 0));
        if (linkedId.isEmpty()) {
            linkedId = request.uniqueId();
        }
        ArrivalTime arrival = ArrivalTime.resolve(
                part(values, 3), "callpath_t0", linkedId, recorder.clock().sessionStart());
        recorder.identify(linkedId, arrival.t0());
        recorder.record(EventType.CALL_ENDED, Map.of("cause", part(values, 1), "dialStatus", part(values, 2)));
        recorder.finish("call_ended");
    }

    private static String part(String[] values, int index) {
        return index < values.length ? values[index].trim() : "";
    }
}
