package io.callpath.flow;

/** Where the inbound flow decided to send a caller. */
sealed interface Route permits Route.Department, Route.Assistants, Route.Callback {

    /** Straight to a department's sellers. */
    record Department(String name, String digit, String reason) implements Route {}

    /** To the assistant group (key 0, no key, or an invalid key). */
    record Assistants(String digit, String reason) implements Route {}

    /** The caller pressed the offered callback's key: the call ends with a callback queued. */
    record Callback(String digit) implements Route {}
}
