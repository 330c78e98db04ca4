package io.callpath.sim;

import java.io.InterruptedIOException;

/** The audio timeline of one call: monotonic real time divided by the time scale. */
final class CallClock {

    private final long originNanos;
    private final double scale;

    CallClock(double scale) {
        this.originNanos = System.nanoTime();
        this.scale = scale;
    }

    /** Audio nanoseconds since the call started. */
    long nowAudio() {
        return (long) ((System.nanoTime() - originNanos) / scale);
    }

    /** Real nanoseconds that {@code audioNanos} of audio take. */
    long realNanos(long audioNanos) {
        if (audioNanos >= Long.MAX_VALUE / 2) {
            return Long.MAX_VALUE / 4;
        }
        return (long) (audioNanos * scale);
    }

    /** The real System.nanoTime() at which the call's audio clock reads {@code audioNanos}. */
    long realAt(long audioNanos) {
        return originNanos + realNanos(audioNanos);
    }

    static void sleepUntil(long realDeadlineNanos) throws InterruptedIOException {
        long remaining;
        while ((remaining = realDeadlineNanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(remaining / 1_000_000L, (int) (remaining % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while playing audio");
            }
        }
    }
}
