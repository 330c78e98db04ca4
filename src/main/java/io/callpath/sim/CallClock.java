package io.callpath.sim;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The audio timeline of one call. By default it is monotonic real time divided by the time scale; with a
 * {@link SimulatedTime} it is that time, which the call moves on by what it plays (sleeping the scaled real time
 * too, so the server still sees a live peer).
 */
final class CallClock {

    private static final long NEVER = Long.MAX_VALUE;

    private final long originNanos;
    private final double scale;
    private final SimulatedTime simulated;
    private final long originAudio;

    /** Scaled real time. */
    CallClock(double scale) {
        this.originNanos = System.nanoTime();
        this.scale = scale;
        this.simulated = null;
        this.originAudio = 0;
    }

    /** Simulated time, sleeping {@code scale} real seconds per audio second as well. */
    CallClock(double scale, SimulatedTime simulated) {
        this.originNanos = System.nanoTime();
        this.scale = scale;
        this.simulated = simulated;
        this.originAudio = simulated.nanoTime();
    }

    /** Audio nanoseconds since the call started. */
    long nowAudio() {
        if (simulated != null) {
            return simulated.nanoTime() - originAudio;
        }
        return (long) ((System.nanoTime() - originNanos) / scale);
    }

    /** Real nanoseconds that {@code audioNanos} of audio take. */
    long realNanos(long audioNanos) {
        if (audioNanos >= Long.MAX_VALUE / 2) {
            return Long.MAX_VALUE / 4;
        }
        return (long) (audioNanos * scale);
    }

    /**
     * The real System.nanoTime() by which an idle channel must act on something due at {@code audioNanos}. Simulated
     * time does not pass while the server thinks, so there it is now when already due and never otherwise.
     */
    long realAt(long audioNanos) {
        if (simulated != null) {
            return audioNanos <= nowAudio() ? System.nanoTime() : NEVER;
        }
        if (audioNanos >= Long.MAX_VALUE / 2) {
            return originNanos + Long.MAX_VALUE / 4;
        }
        // rounded up, so that nowAudio() reads at least audioNanos once this real time has come
        return originNanos + (long) Math.ceil(audioNanos * scale) + 1;
    }

    /** Lets the call's audio run until it reads {@code audioDeadline}. */
    void sleepUntilAudio(long audioDeadline) throws InterruptedIOException {
        if (simulated == null) {
            sleepUntil(realAt(audioDeadline));
            return;
        }
        long remaining = audioDeadline - nowAudio();
        if (remaining > 0) {
            sleepUntil(System.nanoTime() + realNanos(remaining));
            simulated.advanceTo(originAudio + audioDeadline);
        }
    }

    /** Plays audio until {@code audioDeadline} unless the server sends bytes first; true if it did. */
    boolean awaitInputUntilAudio(CommandInput input, long audioDeadline) throws IOException {
        if (simulated == null) {
            return input.awaitReadable(realAt(audioDeadline));
        }
        long startAudio = nowAudio();
        long startReal = System.nanoTime();
        boolean arrived = input.awaitReadable(startReal + realNanos(Math.max(0, audioDeadline - startAudio)));
        long heard = arrived ? startAudio + (long) ((System.nanoTime() - startReal) / scale) : audioDeadline;
        simulated.advanceTo(originAudio + Math.min(audioDeadline, heard));
        return arrived;
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
