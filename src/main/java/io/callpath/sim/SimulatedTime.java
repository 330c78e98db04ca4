package io.callpath.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Audio time that moves only when the fake plays something (a prompt, a ring, a whisper, a conversation), so a
 * server reading the same time through {@link #clock()} and {@link #nanoTime()} sees exact, repeatable phase
 * lengths. Meant for one call at a time: concurrent calls would all push the one clock forward.
 */
public final class SimulatedTime {

    private final Instant origin;
    private final AtomicLong elapsedNanos = new AtomicLong();

    public SimulatedTime(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin == null");
    }

    /** Nanoseconds since the origin: the monotonic source for a server's SessionClock. */
    public long nanoTime() {
        return elapsedNanos.get();
    }

    public Instant now() {
        return origin.plusNanos(elapsedNanos.get());
    }

    /** A UTC wall clock reading this time. */
    public Clock clock() {
        return new SimulatedClock(this, ZoneOffset.UTC);
    }

    /** Moves time on, e.g. between two calls of a test. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + duration);
        }
        elapsedNanos.addAndGet(duration.toNanos());
    }

    /** Moves time to {@code nanos} since the origin unless it is already later: time never goes back. */
    void advanceTo(long nanos) {
        elapsedNanos.accumulateAndGet(nanos, Math::max);
    }

    private static final class SimulatedClock extends Clock {
        private final SimulatedTime time;
        private final ZoneId zone;

        SimulatedClock(SimulatedTime time, ZoneId zone) {
            this.time = time;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new SimulatedClock(time, newZone);
        }

        @Override
        public Instant instant() {
            return time.now();
        }
    }
}
