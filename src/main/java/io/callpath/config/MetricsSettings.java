package io.callpath.config;

import java.time.Duration;

/**
 * How reports judge calls ({@code metrics:}).
 *
 * @param serviceLevelTarget a call reached its seller in time when time-to-seller is within this
 * @param shortAbandon       callers who hang up within this are left out of the service level
 */
public record MetricsSettings(Duration serviceLevelTarget, Duration shortAbandon) {

    public static MetricsSettings defaults() {
        return new MetricsSettings(Duration.ofSeconds(10), Duration.ofSeconds(5));
    }
}
