package io.callpath.agi;

/**
 * The one place where text becomes part of an AGI command line.
 * Asterisk reads one command per {@code \n}; its argument parser treats {@code "} as a quote and
 * {@code \} as an escape, so those are escaped and every control character (CR, LF, TAB...) becomes a space.
 * asterisk-java's {@code AbstractAgiCommand.escapeAndQuote} escapes {@code \} and {@code "} and drops
 * {@code \n}, but lets {@code \r} through; that is why we do not rely on it.
 */
public final class AgiText {

    /** The punctuation a bare word may hold besides letters and digits: enough for names, prompts and CALLERID(num). */
    private static final String BARE_PUNCTUATION = "_()./:@#*,&^+=-";

    private AgiText() {}

    /** {@code text} as one double-quoted AGI argument that cannot end the command or the quote. */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                quoted.append(' ');
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** {@code text} unchanged when it is a plain word (names, prompts, digits), else {@link #quote(String)}. */
    public static String word(String text) {
        return isBareWord(text) ? text : quote(text);
    }

    /** A loop, not a regex: this runs for most commands of every call. */
    private static boolean isBareWord(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean asciiLetterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!asciiLetterOrDigit && BARE_PUNCTUATION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
