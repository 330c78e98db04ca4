package io.callpath.ami;

import java.time.Instant;

/**
 * A phone's channel changed state, as the manager reported it.
 *
 * @param kind     ringing, answered (up) or hung up
 * @param channel  the channel name, e.g. {@code PJSIP/101-0000002a}
 * @param uniqueId its uniqueid
 * @param linkedId the call's linkedid
 * @param at       when callpath heard of it
 */
public record ChannelEvent(Kind kind, String channel, String uniqueId, String linkedId, Instant at) {

    public enum Kind {
        RINGING,
        ANSWERED,
        HANGUP
    }
}
