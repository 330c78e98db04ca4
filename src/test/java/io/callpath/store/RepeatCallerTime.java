package io.callpath.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The fixed now of the repeat-caller tests and the 24-hour window they look back over. */
final class RepeatCallerTime {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Duration DAY = Duration.ofHours(24);

    private RepeatCallerTime() {}
}
