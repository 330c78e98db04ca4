package io.callpath.agi;

/**
 * What the FastAGI server did with its connections since it started; for metrics and health checks.
 *
 * @param live                sessions running now
 * @param openCalls           calls in flight (incoming session seen, caller hang-up not yet served)
 * @param served              sessions that ran their script (ended or not)
 * @param overloaded          connections over server.maxSessions, each told OVERLOADED at once
 * @param overloadedUnrecorded of those, refusals that could not be recorded (too many refused at once, or silent)
 * @param notAllowed          connections refused as outside server.allow
 * @param refusedStopping     incoming calls told STOPPING during a shutdown
 * @param badHeaders          connections closed for a bad or missing agi_ header
 * @param draining            true from SIGTERM (shutdown) on: new incoming calls are refused
 */
public record SessionCounts(
        int live,
        int openCalls,
        long served,
        long overloaded,
        long overloadedUnrecorded,
        long notAllowed,
        long refusedStopping,
        long badHeaders,
        boolean draining) {}
