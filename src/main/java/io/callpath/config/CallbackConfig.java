package io.callpath.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A line's callbacks ({@code lines[].callback:}): callers who hang up while waiting are called back by a seller.
 *
 * @param enabled         false (the default) queues nothing
 * @param delay           how long after the caller's hang-up the first attempt starts
 * @param department      whose sellers call back; null means the line's default (or overflow) department
 * @param maxAttempts     attempts per job before it is given up as failed
 * @param retryAfter      wait before the second attempt; each further attempt waits twice as long as the one before
 * @param quietFrom       start of the quiet hours (no callback starts), in the line's time zone; null for none
 * @param quietUntil      end of the quiet hours; may be earlier than {@code quietFrom} (quiet over midnight)
 * @param maxBusySellers  at most this many of the line's callbacks ring or talk at once, across every server
 * @param callerId        the number the called-back caller sees (the line's number)
 * @param ringTime        how long a seller's phone rings for one attempt
 * @param whisper         played to the seller before the caller is dialled
 * @param callablePattern a caller number must match this (a regular expression) to be called back
 * @param dial            the dial string that reaches the caller; {@code {number}} stands for their number
 * @param offerAfter      once the caller has waited this long (from t0) while they can still press a key (informer,
 *                        menu, greeting), they hear {@code offerPrompt}; null offers nothing
 * @param offerKey        the key that asks for the offered callback; never one of the menu's keys nor 0
 * @param offerPrompt     "press star to be called back"
 * @param queuedPrompt    played once the offered callback is queued, before the call ends
 */
public record CallbackConfig(
        boolean enabled,
        Duration delay,
        String department,
        int maxAttempts,
        Duration retryAfter,
        LocalTime quietFrom,
        LocalTime quietUntil,
        int maxBusySellers,
        String callerId,
        Duration ringTime,
        Prompt whisper,
        String callablePattern,
        String dial,
        Duration offerAfter,
        String offerKey,
        Prompt offerPrompt,
        Prompt queuedPrompt) {

    private static final String DEFAULT_CALLABLE = "\\+?[0-9]{6,15}";
    private static final String DEFAULT_DIAL = "PJSIP/{number}@trunk";
    private static final String DEFAULT_OFFER_KEY = "*";

    /** The dial string for {@code number} (already matched by {@link #callablePattern}). */
    public String dialFor(String number) {
        return dial.replace("{number}", number);
    }

    public CallbackConfig {
        Objects.requireNonNull(delay, "delay == null");
        Objects.requireNonNull(retryAfter, "retryAfter == null");
        Objects.requireNonNull(callerId, "callerId == null");
        Objects.requireNonNull(ringTime, "ringTime == null");
        Objects.requireNonNull(callablePattern, "callablePattern == null");
        Objects.requireNonNull(dial, "dial == null");
        Objects.requireNonNull(offerKey, "offerKey == null");
        Objects.requireNonNull(offerPrompt, "offerPrompt == null");
        Objects.requireNonNull(queuedPrompt, "queuedPrompt == null");
    }

    /** The offer key as the caller presses it (check-config makes sure it is one key). */
    public char offerDigit() {
        return offerKey.isEmpty() ? '*' : offerKey.charAt(0);
    }

    /** Whether callers of the line are offered a callback while they can press a key. */
    public boolean offers() {
        return enabled && offerAfter != null;
    }

    /** Callbacks off: what a line without {@code callback:} gets. */
    public static CallbackConfig off() {
        return new CallbackConfig(
                false,
                Duration.ofSeconds(30),
                null,
                3,
                Duration.ofMinutes(2),
                null,
                null,
                2,
                "",
                Duration.ofSeconds(20),
                Prompt.of("callpath/callback"),
                DEFAULT_CALLABLE,
                DEFAULT_DIAL,
                null,
                DEFAULT_OFFER_KEY,
                Prompt.of("callpath/callback-offer"),
                Prompt.of("callpath/callback-queued"));
    }

    /** Whether {@code time} (in the line's time zone) falls in the quiet hours. */
    public boolean quietAt(LocalTime time) {
        if (quietFrom == null || quietUntil == null || quietFrom.equals(quietUntil)) {
            return false;
        }
        if (quietFrom.isBefore(quietUntil)) {
            return !time.isBefore(quietFrom) && time.isBefore(quietUntil);
        }
        return !time.isBefore(quietFrom) || time.isBefore(quietUntil);
    }

    /** The wait before attempt {@code nextAttempt} (2, 3, ...): retryAfter, doubled for each attempt after the second. */
    public Duration backOff(int nextAttempt) {
        return retryAfter.multipliedBy(1L << Math.min(20, Math.max(0, nextAttempt - 2)));
    }
}
