package io.callpath.config;

import java.time.Duration;

/**
 * Recognising a caller who phoned before ({@code repeatCallers:}).
 *
 * @param window        a previous call within this makes the caller a repeat caller
 * @param enabled       false turns the lookup off: every caller hears the informer
 * @param remembered    caller numbers of the window held in memory, so a new caller needs no database query
 * @param refreshEvery  how often calls taken by other servers sharing the database are read into memory
 */
public record RepeatCallerSettings(Duration window, boolean enabled, int remembered, Duration refreshEvery) {

    public static RepeatCallerSettings defaults() {
        return new RepeatCallerSettings(Duration.ofHours(24), true, 250_000, Duration.ofSeconds(2));
    }
}
