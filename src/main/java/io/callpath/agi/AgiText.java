package io.callpath.agi;

import java.util.regex.Pattern;

/**
 * The one place where text becomes part of an AGI command line.
 * Asterisk reads one command per {@code \n}; its argument parser treats {@code "} as a quote and
 * {@code \} as an escape, so those are escaped and every control character (CR, LF, TAB...) becomes a space.
 * asterisk-java's {@code AbstractAgiCommand.escapeAndQuote} escapes {@code \} and {@code "} and drops
 * {@code \n}, but lets {@code \r} through; that is why we do not rely on it.
 */
public final class AgiText {

    private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z0-9_()./:@#*,&^+=-]+");

    private AgiText() {
    }

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
        return BARE_WORD.matcher(text).matches() ? text : quote(text);
    }
}
