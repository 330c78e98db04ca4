package io.callpath.logs;

/**
 * Hostile text (caller, peer or config) made safe to print: control characters (CR, LF, ESC...) are replaced, so the
 * text cannot forge a log line or drive a terminal. Text that goes into an AGI command is quoted by {@code AgiText}
 * instead; this is for logs, messages and reports only.
 */
public final class LogText {

    private LogText() {}

    /** {@code value} as text with every control character shown as '?'; the same string when it has none. */
    public static String printable(Object value) {
        return withControlsAs(String.valueOf(value), '?');
    }

    /**
     * At most {@code maxChars} characters of {@code text} (never half a surrogate pair), followed by "..." when it was
     * longer, with every control character shown as '?'.
     */
    public static String printable(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return printable(text);
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return printable(text.substring(0, end)) + "...";
    }

    /** {@code text} with every control character replaced by {@code replacement}; the same string when it has none. */
    public static String withControlsAs(String text, char replacement) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                StringBuilder cleaned = new StringBuilder(text.length());
                cleaned.append(text, 0, i);
                for (int j = i; j < text.length(); j++) {
                    char c = text.charAt(j);
                    cleaned.append(Character.isISOControl(c) ? replacement : c);
                }
                return cleaned.toString();
            }
        }
        return text;
    }
}
