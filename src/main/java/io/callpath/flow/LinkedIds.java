package io.callpath.flow;

import io.callpath.logs.LogText;

/**
 * What a linkedid may look like. Asterisk's are {@code [systemname-]epoch.sequence}; callpath passes them through
 * Dial's U() gosub arguments and keys its rows on them, so anything that could split a command or an argument
 * ({@code , ^ ( ) | " \} spaces, control characters) or that is longer than Asterisk's own limit is refused.
 */
public final class LinkedIds {

    /** AST_MAX_UNIQUEID in Asterisk 22. */
    public static final int MAX_LENGTH = 150;

    private LinkedIds() {}

    public static boolean usable(String linkedId) {
        if (linkedId == null || linkedId.isEmpty() || linkedId.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < linkedId.length(); i++) {
            char c = linkedId.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_'
                    || c == ':'
                    || c == '@'
                    || c == '+';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Why {@code linkedId} is refused, for the one log line; safe to print (no control characters, short). */
    public static String whyUnusable(String linkedId) {
        if (linkedId == null || linkedId.isEmpty()) {
            return "linkedid is empty";
        }
        if (linkedId.length() > MAX_LENGTH) {
            return "linkedid is " + linkedId.length() + " characters long (Asterisk's are at most " + MAX_LENGTH + ")";
        }
        return "linkedid '" + LogText.printable(linkedId, 60) + "' holds a character Asterisk never puts in one"
                + " (only letters, digits and . - _ : @ +)";
    }
}
