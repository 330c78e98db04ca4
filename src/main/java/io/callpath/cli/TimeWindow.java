package io.callpath.cli;

import io.callpath.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The calls' window as {@code report} and {@code tune} take it: {@code --last} before now, or {@code --from}/{@code --to}.
 *
 * @param from start, inclusive
 * @param to   end, exclusive
 */
record TimeWindow(Instant from, Instant to) {

    /** From the options as given; {@code from} wins over {@code last}; {@code to} defaults to {@code now}. */
    static TimeWindow of(String last, String from, String to, Instant now) {
        Instant end = to == null ? now : instant("--to", to);
        Instant start = from == null ? end.minus(duration(last)) : instant("--from", from);
        if (!start.isBefore(end)) {
            throw new UserInputException("the window is empty: --from " + start + " is not before --to " + end);
        }
        return new TimeWindow(start, end);
    }

    static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UserInputException(
                    option + " '" + text + "' is not an ISO-8601 instant; write it like 2026-11-26T09:00:00Z");
        }
    }

    static Duration duration(String text) {
        return Durations.parse(text.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new UserInputException(
                        "--last '" + text + "' is not a duration; write it like 30m, 24h or 7d"));
    }
}
