package io.callpath.flow;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.LineConfig;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.logs.LogText;
import io.callpath.logs.RateLimitedWarnings;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** "handoff": the caller, blind-transferred by an assistant to DEPT@callpath-handoff, is rung through to that department. */
public final class HandoffFlow implements CallFlow {

    private static final Logger log = LoggerFactory.getLogger(HandoffFlow.class);

    private static final RateLimitedWarnings.Kind UNKNOWN_DEPARTMENT = new RateLimitedWarnings.Kind(
            "hand-offs to a department that is not configured (told FAILED)",
            "add it under departments: in callpath.yaml or fix the assistants' transfer target",
            true);

    private final CallpathConfig config;
    private final RateLimitedWarnings warnings = new RateLimitedWarnings(log);

    public HandoffFlow(CallpathConfig config) {
        this.config = config;
    }

    @Override
    public void run(Channel channel, CallRecorder recorder) {
        CallRequest request = channel.request();
        String[] values = channel.evaluate("${CHANNEL(linkedid)}|${CALLPATH_T0}|${CALLPATH_LINE}")
                .orElse("")
                .split("\\|", -1);
        String linkedId = values[0].isBlank() ? request.uniqueId() : values[0].trim();
        String t0Text = values.length > 1 ? values[1].trim() : "";
        String lineName = values.length > 2 ? values[2].trim() : "";
        ArrivalTime arrival = ArrivalTime.resolve(
                t0Text, "callpath_t0", linkedId, recorder.clock().sessionStart());
        recorder.identify(linkedId, arrival.t0());
        MDC.put("call", linkedId);
        String departmentName = request.argument(1).orElse(request.extension());
        recorder.record(EventType.TRANSFERRED, Map.of("department", departmentName));
        recorder.enter(Phase.TRANSFER_HOLD);
        Optional<DepartmentConfig> department = config.department(departmentName);
        if (department.isEmpty()) {
            String printable = LogText.printable(departmentName, 80);
            warnings.warn(
                    UNKNOWN_DEPARTMENT,
                    printable,
                    () -> "call " + linkedId + ": the assistant transferred to department '"
                            + printable
                            + "', which is not configured; add it under departments: in callpath.yaml or fix the "
                            + "transfer target. The dialplan falls back.");
            recorder.record(EventType.FAILED, Map.of("reason", "unknown_department", "department", departmentName));
            recorder.finish("failed unknown_department");
            channel.setVariable("CALLPATH_STATUS", "FAILED");
            return;
        }
        channel.setVariable("CALLPATH_ROUTE", departmentName);
        config.lineNamed(lineName)
                .map(LineConfig::connectingPrompt)
                .ifPresent(prompt -> PromptPlayer.play(channel, prompt, "", PromptPlayer.NOTICE_LIMIT));
        String musicClass =
                config.lineNamed(lineName).map(LineConfig::ringingMusicClass).orElse(null);
        SellerDialer.ring(
                channel,
                recorder,
                new CallContext(linkedId, arrival.epochText(), lineName, request.language(), musicClass),
                department.get(),
                Optional.empty());
        channel.setVariable("CALLPATH_STATUS", "DONE");
    }
}
