package io.callpath.config;

import java.time.Duration;

/**
 * Recognising a caller who phoned before ({@code repeatCallers:}).
 *
 * @param window  a previous call within this makes the caller a repeat caller
 * @param enabled false turns the lookup off: every caller hears the informer
 */
public record RepeatCallerSettings(Duration window, boolean enabled) {

    public static RepeatCallerSettings defaults() {
        return new RepeatCallerSettings(Duration.ofHours(24), true);
    }
}
