package io.callpath.config;

import java.util.Map;

/**
 * A sound to play: one name for every language, or a name per language with a default.
 * Names are relative to Asterisk's sounds/&lt;lang&gt;/ directory, without extension (e.g. {@code callpath/menu}).
 *
 * @param defaultName the name used for any language not listed
 * @param byLanguage  language (agi_language, e.g. "ru") -> name
 */
public record Prompt(String defaultName, Map<String, String> byLanguage) {

    public Prompt {
        byLanguage = Map.copyOf(byLanguage);
    }

    public static Prompt of(String name) {
        return new Prompt(name, Map.of());
    }

    /** The name to play on a channel whose agi_language is {@code language}. */
    public String forLanguage(String language) {
        return byLanguage.getOrDefault(language, defaultName);
    }
}
