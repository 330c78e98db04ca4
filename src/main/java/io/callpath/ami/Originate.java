package io.callpath.ami;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A call for Asterisk to start: ring {@code channel}, and when it answers run {@code exten@context}.
 *
 * @param channel   the dial string to ring first, e.g. {@code PJSIP/101}
 * @param context   where the answered channel goes
 * @param exten     the extension there (priority 1)
 * @param callerId  what the rung phone shows, e.g. {@code "Callback" <5551234>}; empty for Asterisk's default
 * @param ringTime  how long {@code channel} may ring
 * @param variables channel variables set on the new channel
 * @param channelId the uniqueid (and so the linkedid) the new channel gets, empty for Asterisk's own
 */
public record Originate(
        String channel,
        String context,
        String exten,
        String callerId,
        Duration ringTime,
        Map<String, String> variables,
        String channelId) {

    public Originate {
        Objects.requireNonNull(channel, "channel == null");
        Objects.requireNonNull(context, "context == null");
        Objects.requireNonNull(exten, "exten == null");
        Objects.requireNonNull(callerId, "callerId == null");
        Objects.requireNonNull(ringTime, "ringTime == null");
        Objects.requireNonNull(channelId, "channelId == null");
        variables = Map.copyOf(variables);
        for (String value : new String[] {channel, context, exten, callerId, channelId}) {
            ManagerText.requireOneLine(value);
        }
        variables.forEach((name, value) -> {
            ManagerText.requireOneLine(name);
            ManagerText.requireOneLine(value);
        });
    }
}
