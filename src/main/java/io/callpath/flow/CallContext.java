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
 * @param keysContext  the dialplan context whose extensions are the keys that end a Dial (Dial's {@code d} option,
 *                     set as EXITCONTEXT), or null: keys pressed while phones ring are lost
 * @param exitKeys     the keys of {@code keysContext} besides an offered callback's key ("" without one): a prompt
 *                     played between two ringings (the offer) lets exactly these through
 */
record CallContext(
        String linkedId,
        String t0,
        String lineName,
        String language,
        String musicClass,
        String keysContext,
        String exitKeys) {

    /** A call whose caller hears ringback while phones ring. */
    CallContext(String linkedId, String t0, String lineName, String language) {
        this(linkedId, t0, lineName, language, null, null, "");
    }

    /** Keys lost while phones ring. */
    CallContext(String linkedId, String t0, String lineName, String language, String musicClass) {
        this(linkedId, t0, lineName, language, musicClass, null, "");
    }

    /** This call's Dials playing {@code greetingClass} and ended by the keys {@code exitKeys} of {@code keys}. */
    CallContext withGreeting(String greetingClass, String keys, String exitKeys) {
        return new CallContext(linkedId, t0, lineName, language, greetingClass, keys, exitKeys);
    }
}
