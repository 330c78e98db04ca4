package io.callpath.bench;

/** How one simulated call ended, from Asterisk's side of the socket. */
enum CallOutcome {
    /** The server sent at least one command and then closed the connection, as a finished AGI script does. */
    COMPLETED,
    /** The connection could not be opened (refused, reset, connect timeout). */
    REFUSED,
    /** The server accepted and closed without sending a single command: a dropped call in production. */
    CLOSED_WITHOUT_A_WORD,
    /** The server went silent longer than the read timeout. */
    TIMED_OUT,
    /** The connection broke in the middle of the call. */
    BROKEN
}
