package io.callpath.agi;

import io.callpath.flow.CallRequest;

/** Told about every session the server turned away after reading its header (overloaded, unknown script). */
public interface SessionRejections {

    /** Called once per rejected session; must return quickly and should not throw. */
    void rejected(CallRequest request, String reason);

    /** Ignores every rejection: for tests and tools that do not record events. */
    static SessionRejections ignored() {
        return (request, reason) -> { };
    }
}
