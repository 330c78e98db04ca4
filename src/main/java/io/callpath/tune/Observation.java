package io.callpath.tune;

/**
 * One waiting time seen in the recorded calls: either the thing happened after {@code millis} (a key, a hang-up, an
 * answer) or the wait was cut off then without it happening (censored: the caller reached a seller, the phone
 * stopped ringing, the promo ended).
 *
 * @param millis   how long the wait lasted, from its start
 * @param happened true for the event itself, false for a censored wait
 */
public record Observation(long millis, boolean happened) {

    public Observation {
        if (millis < 0) {
            throw new IllegalArgumentException("millis cannot be negative: " + millis);
        }
    }

    public static Observation event(long millis) {
        return new Observation(millis, true);
    }

    public static Observation censored(long millis) {
        return new Observation(millis, false);
    }
}
