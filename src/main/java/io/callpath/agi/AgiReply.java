package io.callpath.agi;

import java.util.OptionalLong;

/**
 * A parsed {@code 200 result=...} reply line.
 *
 * @param line   the line as received
 * @param result the text after {@code result=} up to the first space; may be empty ({@code 200 result= (timeout)})
 * @param data   the text in parentheses, from the first " (" to the last ")", or null when absent
 * @param endpos the {@code endpos=} value of STREAM FILE replies, or -1 when absent
 */
record AgiReply(String line, String result, String data, long endpos) {

    private static final String PREFIX = "200 result=";

    /** Parses a line that starts with {@code 200 result=}; anything else is not a success reply. */
    static AgiReply parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a 200 reply: " + line);
        }
        String rest = line.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        String result = space < 0 ? rest : rest.substring(0, space);
        String tail = space < 0 ? "" : rest.substring(space);
        String data = null;
        long endpos = -1;
        int open = tail.indexOf(" (");
        int close = tail.lastIndexOf(')');
        if (open == 0 && close > open) {
            data = tail.substring(2, close);
        } else if (tail.startsWith(" endpos=")) {
            endpos = parseLong(tail.substring(" endpos=".length()).trim()).orElse(-1);
        }
        return new AgiReply(line, result, data, endpos);
    }

    /** The result as a number, when it is one. */
    OptionalLong code() {
        return parseLong(result);
    }

    boolean hasEndpos() {
        return endpos >= 0;
    }

    /** Checks the form first: a NumberFormatException per odd reply (result= empty on timeouts) is costly. */
    private static OptionalLong parseLong(String text) {
        int first = text.startsWith("-") ? 1 : 0;
        if (text.length() == first || text.length() > 19) {
            return OptionalLong.empty();
        }
        for (int i = first; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }
}
