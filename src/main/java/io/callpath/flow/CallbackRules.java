package io.callpath.flow;

import io.callpath.config.CallbackConfig;
import io.callpath.config.LineConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which callers are called back, and when a line may dial callbacks. */
public final class CallbackRules {

    private CallbackRules() {}

    /**
     * The job for a caller of {@code line} who hung up at {@code hungUpAt} after waiting {@code waited}, or empty
     * when callbacks are off on the line, the wait was a short abandon (origin "abandoned" only), the number cannot
     * be called, or the line was closed.
     */
    public static Optional<CallbackRequest> decide(
            LineConfig line,
            String number,
            String linkedId,
            String origin,
            Instant hungUpAt,
            Duration waited,
            Duration shortAbandon) {
        CallbackConfig callback = line.callback();
        if (!callback.enabled() || number == null || !callable(callback, number)) {
            return Optional.empty();
        }
        if (origin.equals("abandoned") && waited.compareTo(shortAbandon) < 0) {
            return Optional.empty();
        }
        if (!BusinessHours.isOpenAt(line.hours(), hungUpAt)) {
            return Optional.empty();
        }
        return Optional.of(new CallbackRequest(
                number,
                line.name(),
                line.callbackDepartment(),
                linkedId,
                origin,
                hungUpAt,
                waited,
                hungUpAt.plus(callback.delay()),
                callback.maxAttempts(),
                callback.retryAfter(),
                callback.maxBusySellers()));
    }

    /** Whether {@code line} may start a callback at {@code now}: callbacks on, line open, outside quiet hours. */
    public static boolean mayDial(LineConfig line, Instant now) {
        CallbackConfig callback = line.callback();
        if (!callback.enabled() || !BusinessHours.isOpenAt(line.hours(), now)) {
            return false;
        }
        ZoneId zone = line.hours() == null ? ZoneOffset.UTC : line.hours().timezone();
        return !callback.quietAt(now.atZone(zone).toLocalTime());
    }

    private static boolean callable(CallbackConfig callback, String number) {
        return Pattern.matches(callback.callablePattern(), number);
    }
}
