package io.callpath.flow;

/**
 * What every step of a caller's flow needs to know about the call.
 *
 * @param linkedId the call's key
 * @param t0       arrival, as CALLPATH_T0 text
 * @param lineName configured line name
 * @param language the caller's agi_language, for prompts
 */
record CallContext(String linkedId, String t0, String lineName, String language) {
}
