package io.callpath.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Times events of one AGI session relative to the call's t0.
 * The session's start is anchored once on the wall clock; everything after is measured on the
 * monotonic source, so wall-clock steps during a call cannot bend its phases.
 */
public final class SessionClock {

    private final Clock wallClock;
    private final LongSupplier monotonicNanos;
    private final Instant sessionStartWall;
    private final long sessionStartNanos;

    public SessionClock(Clock wallClock, LongSupplier monotonicNanos) {
        this.wallClock = wallClock;
        this.monotonicNanos = monotonicNanos;
        this.sessionStartWall = wallClock.instant();
        this.sessionStartNanos = monotonicNanos.getAsLong();
    }

    /** The system clocks. */
    public static SessionClock system() {
        return new SessionClock(Clock.systemUTC(), System::nanoTime);
    }

    /** Wall time now, derived from the monotonic source since the session started. */
    public Instant now() {
        return sessionStartWall.plusNanos(monotonicNanos.getAsLong() - sessionStartNanos);
    }

    /** Milliseconds from {@code t0} to now. */
    public long offsetMillis(Instant t0) {
        return Duration.between(t0, now()).toMillis();
    }

    /** The wall clock this session was anchored on. */
    public Clock wallClock() {
        return wallClock;
    }

    public Instant sessionStart() {
        return sessionStartWall;
    }
}
