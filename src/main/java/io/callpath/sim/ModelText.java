package io.callpath.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** How the caller model writes durations, spans and shares: {@code 500ms}, {@code 25s}, {@code 2m}, {@code 2s..8s}, {@code 0.25}. */
final class ModelText {

    private ModelText() {}

    static Optional<Duration> parseDuration(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (trimmed.endsWith("ms")) {
                return nonNegative(Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2))));
            }
            if (trimmed.endsWith("s")) {
                return nonNegative(Duration.ofMillis(
                        Math.round(Double.parseDouble(trimmed.substring(0, trimmed.length() - 1)) * 1000)));
            }
            if (trimmed.endsWith("m")) {
                return nonNegative(Duration.ofMinutes(Long.parseLong(trimmed.substring(0, trimmed.length() - 1))));
            }
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static Optional<Span> parseSpan(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            return parseDuration(text).map(Span::of);
        }
        Optional<Duration> min = parseDuration(text.substring(0, dots));
        Optional<Duration> max = parseDuration(text.substring(dots + 2));
        if (min.isEmpty() || max.isEmpty() || max.get().compareTo(min.get()) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Span(min.get(), max.get()));
    }

    static Optional<Double> parseShare(String text) {
        try {
            double share = Double.parseDouble(text.trim());
            return share >= 0 && share <= 1 ? Optional.of(share) : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static Optional<Duration> nonNegative(Duration duration) {
        return duration.isNegative() ? Optional.empty() : Optional.of(duration);
    }
}
