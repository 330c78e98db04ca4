package io.callpath.pbx;

/** What a SIPp phone does with the one call it takes: rings {@code ringMillis}, then {@link Answer}. */
public record SipPhonePlan(long ringMillis, Answer answer) {

    public enum Answer {
        /** 200 OK, presses 1 (RFC 2833) 1.5 s after the ACK, plays its 1000 Hz audio until the BYE. */
        ANSWER_AND_ACCEPT,
        /** 200 OK, plays its audio, presses nothing. */
        ANSWER_SILENT,
        /** 486 Busy Here. */
        BUSY,
        /** 480 Temporarily Unavailable. */
        UNAVAILABLE,
        /** Keeps ringing until Asterisk cancels (200 to the CANCEL, 487 to the INVITE). */
        NEVER
    }
}
