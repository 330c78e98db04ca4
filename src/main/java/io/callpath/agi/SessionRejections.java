package io.callpath.agi;

import io.callpath.flow.CallRequest;

/** Told about every session the server turned away after reading its header (overloaded, unknown script). */
public interface SessionRejections {

    /**
     * Called once per rejected session; must return quickly and should not throw.
     *
     * @param linkedId the call's CHANNEL(linkedid) as Asterisk told it, or the channel's uniqueid when it could not
     */
    void rejected(CallRequest request, String linkedId, String reason);

    /** Ignores every rejection: for tests and tools that do not record events. */
    static SessionRejections ignored() {
        return (request, linkedId, reason) -> {};
    }
}
