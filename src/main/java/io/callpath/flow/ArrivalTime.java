package io.callpath.flow;

import java.time.Instant;
import java.util.Optional;

/**
 * A call's t0 and where it came from (cdr, linkedid, callpath_t0 or session), per docs/architecture.md.
 *
 * @param t0     arrival at Asterisk
 * @param source which clue gave it
 */
public record ArrivalTime(Instant t0, String source) {

    /** The first usable of: {@code preferred} epoch text, the linkedid's whole seconds, the session start. */
    public static ArrivalTime resolve(String preferred, String preferredSource, String linkedId, Instant sessionStart) {
        Optional<Instant> exact = parseEpoch(preferred);
        if (exact.isPresent()) {
            return new ArrivalTime(exact.get(), preferredSource);
        }
        if (linkedId != null) {
            int dot = linkedId.indexOf('.');
            Optional<Instant> fromLinkedId = parseEpoch(dot < 0 ? linkedId : linkedId.substring(0, dot));
            if (fromLinkedId.isPresent()) {
                return new ArrivalTime(fromLinkedId.get(), "linkedid");
            }
        }
        return new ArrivalTime(sessionStart, "session");
    }

    /** Epoch seconds with an optional fraction ("1795732924.356012"); empty for anything else or a pre-2001 time. */
    public static Optional<Instant> parseEpoch(String text) {
        // Hand-parsed: this runs for every session, and a regex plus BigDecimal showed up in the CPU profile.
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        int dot = trimmed.indexOf('.');
        int wholeEnd = dot < 0 ? trimmed.length() : dot;
        int fractionLength = dot < 0 ? 0 : trimmed.length() - dot - 1;
        if (wholeEnd < 1 || wholeEnd > 12 || (dot >= 0 && (fractionLength < 1 || fractionLength > 9))) {
            return Optional.empty();
        }
        long whole = digits(trimmed, 0, wholeEnd);
        long fraction = dot < 0 ? 0 : digits(trimmed, dot + 1, trimmed.length());
        if (whole < 0 || fraction < 0 || whole < 1_000_000_000L) {
            return Optional.empty();
        }
        long nanos = fraction * POWERS_OF_TEN[9 - fractionLength];
        return Optional.of(Instant.ofEpochSecond(whole, nanos));
    }

    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};

    /** The ASCII digits in [from, to) as a number, or -1 if any other character is there. */
    private static long digits(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** t0 as CALLPATH_T0 and the Dial gosub carry it: epoch seconds with six decimals. */
    public String epochText() {
        // Zero-padded by hand: String.format here was ~10% of the session threads' CPU samples.
        String micros = Integer.toString(t0.getNano() / 1000);
        return t0.getEpochSecond() + "." + "000000".substring(micros.length()) + micros;
    }
}
