package io.callpath.sim;

import java.util.ArrayList;
import java.util.List;

/** Splits an AGI command line into words exactly like res_agi.c's parse_args (quotes, backslash, only ' ' and '\t' separate). */
final class AgiArguments {

    private AgiArguments() {}

    static List<String> parse(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && !escaped) {
                quoted = !quoted;
                if (quoted && current == null) {
                    current = new StringBuilder();
                    words.add(null);
                }
                continue;
            }
            if ((c == ' ' || c == '\t') && !quoted && !escaped) {
                if (current != null) {
                    words.set(words.size() - 1, current.toString());
                    current = null;
                }
                continue;
            }
            if (c == '\\' && !escaped) {
                escaped = true;
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                words.add(null);
            }
            current.append(c);
            escaped = false;
        }
        if (current != null) {
            words.set(words.size() - 1, current.toString());
        }
        return words;
    }
}
