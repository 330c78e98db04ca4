package io.callpath.flow;

import io.callpath.config.DepartmentConfig;
import io.callpath.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sellers are free to ring, from Asterisk's device state ({@code ${DEVICE_STATE(PJSIP/101)}}, one GET FULL
 * VARIABLE for the sellers about to be dialled): a seller already on a call, busy, ringing for another caller or on hold
 * is passed over without ringing and recorded as SELLER_SKIPPED. Any other state (NOT_INUSE, UNAVAILABLE, UNKNOWN,
 * INVALID, or nothing when the server cannot tell) is rung as before; Dial then says what happened.
 */
final class SellerStates {

    static final Set<String> BUSY_STATES = Set.of("INUSE", "BUSY", "RINGING", "RINGINUSE", "ONHOLD");
    private static final String SEPARATOR = "|";

    private SellerStates() {}

    /** The sellers of {@code candidates} that may be rung now, in order; records SELLER_SKIPPED for the others. */
    static List<String> free(
            Channel channel, CallRecorder recorder, DepartmentConfig department, List<String> candidates) {
        if (!department.skipBusySellers() || candidates.isEmpty()) {
            return candidates;
        }
        List<String> expressions = new ArrayList<>();
        for (String seller : candidates) {
            expressions.add("${DEVICE_STATE(" + seller + ")}");
        }
        String[] states = channel.evaluate(String.join(SEPARATOR, expressions))
                .orElse("")
                .split(java.util.regex.Pattern.quote(SEPARATOR), -1);
        List<String> free = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            String state = i < states.length ? states[i].trim() : "";
            if (BUSY_STATES.contains(state)) {
                recorder.record(
                        EventType.SELLER_SKIPPED,
                        Map.of("seller", candidates.get(i), "deviceState", state, "department", department.name()));
            } else {
                free.add(candidates.get(i));
            }
        }
        return free;
    }
}
