package io.callpath.pbx;

import java.util.OptionalLong;

/**
 * What SIPp caller 301 does after its call is answered (times in ms after its ACK): an RFC 2833 digit 1 at
 * {@code digitAtMillis} (if any), and a BYE at {@code hangUpAtMillis} unless Asterisk ended the call first.
 * {@code playsAudio}: the 440 Hz pcap (else silent, so Asterisk sends to the SDP's address, e.g. an RTP recorder).
 */
public record SipCallerPlan(OptionalLong digitAtMillis, long hangUpAtMillis, boolean playsAudio) {

    public static SipCallerPlan pressOneAt(long digitAtMillis, long hangUpAtMillis) {
        return new SipCallerPlan(OptionalLong.of(digitAtMillis), hangUpAtMillis, true);
    }

    public static SipCallerPlan hangUpAt(long hangUpAtMillis) {
        return new SipCallerPlan(OptionalLong.empty(), hangUpAtMillis, false);
    }

    public SipCallerPlan {
        if (digitAtMillis.isPresent() && digitAtMillis.getAsLong() + 300 >= hangUpAtMillis) {
            throw new IllegalArgumentException("the digit must come at least 300 ms before the hang-up");
        }
    }
}
