package io.callpath.config;

import java.util.Locale;
import java.util.Optional;

/** When a line's promo plays: before anyone rings (the handbook's order) or while the sellers ring. */
public enum InformerMode {
    /** Promo, then the menu, then ringing: the promo adds to the caller's wait. */
    BEFORE,
    /** A short greeting with the keys, then the department rings while the caller hears the promo as its music. */
    WHILE_RINGING;

    /** The word used in YAML: {@code before}, {@code while-ringing}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode written {@code text} in YAML, if there is one. */
    public static Optional<InformerMode> of(String text) {
        for (InformerMode mode : values()) {
            if (mode.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
