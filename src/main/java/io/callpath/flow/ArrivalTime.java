package io.callpath.flow;

import io.callpath.events.EpochText;
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
        return EpochText.parse(text);
    }

    /** t0 as CALLPATH_T0 and the Dial gosub carry it: epoch seconds with six decimals. */
    public String epochText() {
        // Zero-padded by hand: String.format here was ~10% of the session threads' CPU samples.
        String micros = Integer.toString(t0.getNano() / 1000);
        return t0.getEpochSecond() + "." + "000000".substring(micros.length()) + micros;
    }
}
