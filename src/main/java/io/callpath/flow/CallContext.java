package io.callpath.flow;

/**
 * What every step of a caller's flow needs to know about the call.
 *
 * @param linkedId the call's key
 * @param t0       arrival, as CALLPATH_T0 text
 * @param lineName configured line name
 * @param language   the caller's agi_language, for prompts
 * @param musicClass the music-on-hold class that plays the line's promo while phones ring (informer mode
 *                   while-ringing), or null: the caller hears ringback
 */
record CallContext(String linkedId, String t0, String lineName, String language, String musicClass) {

    /** A call whose caller hears ringback while phones ring. */
    CallContext(String linkedId, String t0, String lineName, String language) {
        this(linkedId, t0, lineName, language, null);
    }
}
