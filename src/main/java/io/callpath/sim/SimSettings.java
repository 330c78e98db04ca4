package io.callpath.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the fake runs.
 *
 * @param timeScale             real seconds per audio second (0.01: a 25 s promo plays in 250 ms)
 * @param readTimeout           longest real wait for the server's next command before the session is given up
 * @param connectTimeout        real connect timeout per FastAGI connection
 * @param headerWrites          how the request header is cut into writes
 * @param clock                 wall clock for uniqueids, EPOCH and the default CDR(start,u)
 * @param firstUniqueIdSequence sequence number after the '.' of the first generated uniqueid
 * @param firstChannelSequence  hex suffix of the first generated channel name
 * @param longestRing           audio time a Dial with no ring timeout waits for an answer
 */
public record SimSettings(
        double timeScale,
        Duration readTimeout,
        Duration connectTimeout,
        HeaderWrites headerWrites,
        Clock clock,
        long firstUniqueIdSequence,
        long firstChannelSequence,
        Duration longestRing) {

    /** How the request header reaches the server. */
    public enum HeaderWrites {
        /** One write for the whole header. */
        SINGLE,
        /** One write per line, as Asterisk does. */
        PER_LINE,
        /** Cut at pseudo-random byte positions (seeded by the session number), to shake out parsers that assume lines. */
        RANDOM_SPLITS
    }

    public SimSettings {
        if (!(timeScale > 0) || timeScale > 100) {
            throw new IllegalArgumentException("timeScale must be in (0, 100], was " + timeScale);
        }
        Objects.requireNonNull(readTimeout, "readTimeout == null");
        Objects.requireNonNull(connectTimeout, "connectTimeout == null");
        Objects.requireNonNull(headerWrites, "headerWrites == null");
        Objects.requireNonNull(clock, "clock == null");
        Objects.requireNonNull(longestRing, "longestRing == null");
        if (readTimeout.toMillis() < 1 || connectTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("readTimeout and connectTimeout must be at least 1ms");
        }
    }

    /** Defaults at the given time scale: 10 s read timeout, header one write per line, system clock. */
    public static SimSettings scaled(double timeScale) {
        return new SimSettings(
                timeScale,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                HeaderWrites.PER_LINE,
                Clock.systemUTC(),
                1,
                1,
                Duration.ofMinutes(5));
    }

    public SimSettings withClock(Clock newClock) {
        return new SimSettings(
                timeScale,
                readTimeout,
                connectTimeout,
                headerWrites,
                newClock,
                firstUniqueIdSequence,
                firstChannelSequence,
                longestRing);
    }

    public SimSettings withHeaderWrites(HeaderWrites writes) {
        return new SimSettings(
                timeScale,
                readTimeout,
                connectTimeout,
                writes,
                clock,
                firstUniqueIdSequence,
                firstChannelSequence,
                longestRing);
    }

    public SimSettings withSequences(long uniqueIdSequence, long channelSequence) {
        return new SimSettings(
                timeScale,
                readTimeout,
                connectTimeout,
                headerWrites,
                clock,
                uniqueIdSequence,
                channelSequence,
                longestRing);
    }
}
