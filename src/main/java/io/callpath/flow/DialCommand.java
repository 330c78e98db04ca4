package io.callpath.flow;

import java.time.Duration;
import java.util.List;

/** Builds the arguments of {@code EXEC Dial} with the callpath-answered gosub, refusing values that would split them. */
final class DialCommand {

    private static final String FORBIDDEN = ",^()|\"\n\r";

    private DialCommand() {}

    /** {@code A&B,<seconds>,U(callpath-answered^linkedid^role^line^department^t0)}. */
    static String withAnswerGosub(
            List<String> dialStrings,
            Duration ringTime,
            String linkedId,
            String role,
            String line,
            String department,
            String t0) {
        return withAnswerGosub(dialStrings, ringTime, linkedId, role, line, department, t0, null);
    }

    /**
     * As above; with a {@code musicClass}, Dial's {@code m(class)} option plays that music-on-hold class to the caller
     * instead of ringback until a called party is bridged (on Asterisk 22 it goes on through the U() whisper).
     */
    static String withAnswerGosub(
            List<String> dialStrings,
            Duration ringTime,
            String linkedId,
            String role,
            String line,
            String department,
            String t0,
            String musicClass) {
        return withAnswerGosub(dialStrings, ringTime, linkedId, role, line, department, t0, musicClass, false);
    }

    /**
     * As above; {@code keysEnd} adds Dial's {@code d} option: a key the caller presses while the phones ring ends the
     * Dial when the context in EXITCONTEXT has it as an extension (Dial then returns the key's code, DIALSTATUS
     * CANCEL, and the channel continues in that extension once the AGI ends); other keys are ignored.
     */
    static String withAnswerGosub(
            List<String> dialStrings,
            Duration ringTime,
            String linkedId,
            String role,
            String line,
            String department,
            String t0,
            String musicClass,
            boolean keysEnd) {
        String music = keysEnd ? "d" : "";
        if (musicClass != null) {
            requireSafe("music class", musicClass);
            music += "m(" + musicClass + ")";
        }
        for (String dial : dialStrings) {
            requireSafe("dial string", dial);
        }
        for (String value : List.of(linkedId, role, line, department, t0)) {
            requireSafe("gosub argument", value);
        }
        return String.join("&", dialStrings) + "," + timeout(ringTime) + "," + music + "U(callpath-answered^" + linkedId
                + "^" + role + "^" + line + "^" + department + "^" + t0 + ")";
    }

    /** A plain Dial, for voicemail. */
    static String plain(String dialString) {
        requireSafe("dial string", dialString);
        return dialString;
    }

    /**
     * Dial's timeout: whole seconds as {@code 15}, otherwise to the millisecond ({@code 9.5}: Dial reads it with
     * {@code %lf}), so a Dial cut for the offered callback ends when the offer falls due; at least 1 ms (0 would mean
     * no timeout at all).
     */
    static String timeout(Duration duration) {
        long millis = Math.max(1, duration.toMillis());
        if (millis % 1000 == 0) {
            return Long.toString(millis / 1000);
        }
        String fraction =
                String.format(java.util.Locale.ROOT, "%03d", millis % 1000).replaceFirst("0+$", "");
        return millis / 1000 + "." + fraction;
    }

    private static void requireSafe(String what, String value) {
        for (char forbidden : FORBIDDEN.toCharArray()) {
            if (value.indexOf(forbidden) >= 0) {
                throw new IllegalArgumentException(
                        what + " contains a character that would split Dial: " + value.replace("\n", "\\n"));
            }
        }
    }
}
