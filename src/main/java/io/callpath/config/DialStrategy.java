package io.callpath.config;

/** How a department's sellers are rung. */
public enum DialStrategy {
    /** One after another, in the configured order, each for ringTimeout. */
    SEQUENTIAL,
    /** All at once for ringTimeout; the first to answer gets the call. */
    RINGALL
}
