package io.callpath.flow;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.LineConfig;
import io.callpath.config.Prompt;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * "answered": runs on the seller's or assistant's channel while the caller's Dial waits; whispers the call
 * to them and, when the department asks for it, lets the seller accept by key or pass it on.
 * Works from its arguments alone: the call may have started on another callpath server.
 */
public final class AnsweredFlow implements CallFlow {

    private static final Logger log = LoggerFactory.getLogger(AnsweredFlow.class);

    private final CallpathConfig config;
    private final CallerHistory history;

    public AnsweredFlow(CallpathConfig config, CallerHistory history) {
        this.config = config;
        this.history = history;
    }

    @Override
    public void run(Channel channel, CallRecorder recorder) {
        CallRequest request = channel.request();
        String linkedId = request.argument(1)
                .or(() -> channel.evaluate("${CHANNEL(linkedid)}"))
                .orElse(request.uniqueId());
        String role = request.argument(2).orElse("seller");
        String lineName = request.argument(3).orElse("");
        String departmentName = request.argument(4).orElse("");
        ArrivalTime arrival = ArrivalTime.resolve(
                request.argument(5).orElse(null),
                "argument",
                linkedId,
                recorder.clock().sessionStart());
        recorder.identify(linkedId, arrival.t0());
        MDC.put("call", linkedId);
        String agent = dialStringOf(request.channelName());
        // INFO: with several servers this may be the only line this server writes about the call
        log.info("{} {} answered call {} (line={} department={})", role, agent, linkedId, lineName, departmentName);
        Optional<LineConfig> line = config.lineNamed(lineName);
        if (role.equals("assistant")) {
            recorder.record(EventType.ASSISTANT_ANSWERED, Map.of("assistant", agent));
            recorder.enter(Phase.ASSISTANT_TALKING);
            recorder.finish("assistant_answered");
            line.map(LineConfig::assistants)
                    .map(assistants -> assistants.whisper())
                    .ifPresent(whisper -> PromptPlayer.play(channel, whisper, "", PromptPlayer.NOTICE_LIMIT));
            return;
        }
        recorder.record(EventType.SELLER_ANSWERED, Map.of("seller", agent, "department", departmentName));
        recorder.enter(Phase.WHISPER);
        try {
            whisperToSeller(channel, recorder, config.department(departmentName), line, agent, linkedId);
        } catch (CallerHungUpException hungUp) {
            if (recorder.outcome().isEmpty()) {
                recorder.record(EventType.SELLER_DECLINED, Map.of("seller", agent, "reason", "hung_up"));
                recorder.finish("seller_hung_up_in_whisper");
                // Left alone, Dial bridges the caller to the dead leg and returns ANSWER, ending the call. SET VARIABLE
                // still works on a dead channel, and Dial reads GOSUB_RESULT after the gosub: BUSY rings the next
                // seller.
                channel.setVariable("GOSUB_RESULT", SellerDialer.WHISPER_VERDICT);
            }
        }
    }

    private void whisperToSeller(
            Channel channel,
            CallRecorder recorder,
            Optional<DepartmentConfig> department,
            Optional<LineConfig> line,
            String seller,
            String linkedId) {
        Optional<Character> acceptKey = department.flatMap(DepartmentConfig::acceptDigit);
        String escape = acceptKey.map(String::valueOf).orElse("");
        Optional<Character> pressed = Optional.empty();
        Prompt lineWhisper = line.map(LineConfig::whisper).orElse(null);
        if (lineWhisper != null) {
            pressed = PromptPlayer.play(channel, lineWhisper, escape, PromptPlayer.NOTICE_LIMIT)
                    .pressed();
        }
        Prompt departmentWhisper = department.map(DepartmentConfig::whisper).orElse(null);
        if (pressed.isEmpty() && departmentWhisper != null) {
            pressed = PromptPlayer.play(channel, departmentWhisper, escape, PromptPlayer.NOTICE_LIMIT)
                    .pressed();
        }
        if (acceptKey.isPresent() && !pressed.equals(acceptKey)) {
            DepartmentConfig accepting = department.get();
            pressed = PromptPlayer.readDigit(channel, accepting.acceptPrompt(), accepting.acceptTimeout());
            if (!pressed.equals(acceptKey)) {
                recorder.record(
                        EventType.SELLER_DECLINED,
                        Map.of("seller", seller, "reason", pressed.isPresent() ? "wrong_key" : "no_key"));
                recorder.finish("seller_declined");
                channel.setVariable("GOSUB_RESULT", SellerDialer.WHISPER_VERDICT);
                return;
            }
        }
        // One round trip before t_seller, none after it: the bridge follows the end of this session.
        // On the answering leg agi_callerid is the number that was dialled; the caller is the connected line
        // (transcript 07).
        // The dialler set the inherited CALLPATH_CALLER to the caller channel's uniqueid; IMPORT reads its hang-up
        // flag.
        String[] callerState = channel.evaluate("${IMPORT(${" + SellerDialer.CALLER_VARIABLE
                        + "},CHANNEL(checkhangup))}|" + "${CONNECTEDLINE(num)}")
                .orElse("")
                .split("\\|", 2);
        if (callerState[0].trim().equals("1")) {
            // Asterisk would still bridge the dead caller leg and Dial would say ANSWER: the caller gave up in the
            // whisper.
            recorder.record(EventType.CALLER_HUNG_UP, Map.of("seller", seller, "leg", "caller"));
            recorder.finish("caller_hung_up_in_whisper");
            return;
        }
        String departmentName = department.map(DepartmentConfig::name).orElse("");
        recorder.record(EventType.SELLER_CONNECTED, Map.of("seller", seller, "department", departmentName));
        recorder.finish("seller_connected");
        String caller = callerState.length > 1 ? callerState[1].trim() : "";
        if (!caller.isBlank() && !caller.equals("unknown")) {
            history.remember(
                    caller,
                    linkedId,
                    seller,
                    departmentName.isEmpty() ? null : departmentName,
                    recorder.clock().now());
        }
    }

    /** "PJSIP/101-0000002a" -> "PJSIP/101": the dial string the seller was rung with. */
    static String dialStringOf(String channelName) {
        int dash = channelName.lastIndexOf('-');
        return dash > 0 ? channelName.substring(0, dash) : channelName;
    }
}
