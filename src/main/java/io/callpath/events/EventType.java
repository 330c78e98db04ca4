package io.callpath.events;

/** What happened on a call; each is written once to call_events and folded into the call's summary. */
public enum EventType {
    /** t0: the caller's channel was created in Asterisk. Attributes: line, did, campaign, source, caller, callerName, language, repeat, t0Source. */
    CALL_ARRIVED,
    /** The caller entered {@link CallEvent#phase()}; the previous phase ends here. */
    PHASE_STARTED,
    /** The flow chose where the call goes. Attributes: route (department name, "assistant", "after_hours"), digit. */
    ROUTE_CHOSEN,
    /**
     * A Dial with the promo as its music returned without a bridge: the promo stopped. Attributes: dialStatus.
     * (Before PROMO_STARTED: a next Dial in the same millisecond starts the promo again.)
     */
    PROMO_STOPPED,
    /**
     * Phones start ringing while the caller hears the line's promo as Dial's music (informer mode while-ringing);
     * it plays until PROMO_STOPPED, the caller is bridged (SELLER_CONNECTED, ASSISTANT_ANSWERED) or the wait ends.
     * Attributes: musicClass, line.
     */
    PROMO_STARTED,
    /** An assistant picked up. Attributes: assistant (dial string or channel). */
    ASSISTANT_ANSWERED,
    /** The assistant handed the caller on to a department. Attributes: department. */
    TRANSFERRED,
    /** A seller's phone went off-hook; the whisper starts. Attributes: seller. */
    SELLER_ANSWERED,
    /** A seller did not accept during the whisper (no key, wrong key); the next seller is tried. Attributes: seller. */
    SELLER_DECLINED,
    /** A seller rang out, was busy or unreachable. Attributes: seller, dialStatus. */
    SELLER_MISSED,
    /**
     * A seller was passed over without ringing: their device was in use, busy, ringing or on hold
     * ({@code ${DEVICE_STATE(...)}}). Attributes: seller, deviceState, department.
     */
    SELLER_SKIPPED,
    /** t_seller: caller and seller are connected, after any whisper and accept key. Attributes: seller. */
    SELLER_CONNECTED,
    /** The caller heard the offered callback ("press star to be called back"). Attributes: key. */
    CALLBACK_OFFERED,
    /**
     * The call ended without a seller by design. Attributes: reason (after_hours, no_answer, voicemail, callback_queued:
     * the caller took the offered callback).
     */
    NO_SELLER,
    /** A session saw the caller hang up. */
    CALLER_HUNG_UP,
    /** The caller leg's hang-up handler ran: the call is over. Attributes: cause, dialStatus. */
    CALL_ENDED,
    /**
     * What the caller told the assistant, typed on the assistant desk. Attributes: request (what they want),
     * statedSource (how they heard of us), assistant (the desk's extension). The latest one counts.
     */
    CALLER_ANSWERS,
    /** Our error: the call could not be handled as configured. Attributes: reason. */
    FAILED
}
