package io.callpath.flow;

import java.time.Duration;
import java.util.List;

/** Builds the arguments of {@code EXEC Dial} with the callpath-answered gosub, refusing values that would split them. */
final class DialCommand {

    private static final String FORBIDDEN = ",^()|\"\n\r";

    private DialCommand() {
    }

    /** {@code A&B,<seconds>,U(callpath-answered^linkedid^role^line^department^t0)}. */
    static String withAnswerGosub(List<String> dialStrings, Duration ringTime, String linkedId, String role,
                                  String line, String department, String t0) {
        for (String dial : dialStrings) {
            requireSafe("dial string", dial);
        }
        for (String value : List.of(linkedId, role, line, department, t0)) {
            requireSafe("gosub argument", value);
        }
        return String.join("&", dialStrings) + "," + seconds(ringTime) + ",U(callpath-answered^" + linkedId + "^" + role
                + "^" + line + "^" + department + "^" + t0 + ")";
    }

    /** A plain Dial, for voicemail. */
    static String plain(String dialString) {
        requireSafe("dial string", dialString);
        return dialString;
    }

    static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static void requireSafe(String what, String value) {
        for (char forbidden : FORBIDDEN.toCharArray()) {
            if (value.indexOf(forbidden) >= 0) {
                throw new IllegalArgumentException(what + " contains a character that would split Dial: "
                        + value.replace("\n", "\\n"));
            }
        }
    }
}
