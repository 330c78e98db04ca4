package io.callpath.flow;

import io.callpath.config.HoursConfig;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;

/** Tells whether a line is open now, by its weekly hours and holidays in its time zone. */
public final class BusinessHours {

    private final Clock clock;

    public BusinessHours(Clock clock) {
        this.clock = clock;
    }

    /** Open when {@code hours} is null (no hours configured) or now falls in one of today's ranges. */
    public boolean isOpen(HoursConfig hours) {
        return isOpenAt(hours, clock.instant());
    }

    /** {@link #isOpen} at {@code instant}. */
    public static boolean isOpenAt(HoursConfig hours, java.time.Instant instant) {
        if (hours == null) {
            return true;
        }
        ZonedDateTime now = instant.atZone(hours.timezone());
        if (hours.holidays().contains(now.toLocalDate())) {
            return false;
        }
        return hours.weekly().getOrDefault(now.getDayOfWeek(), List.of()).stream()
                .anyMatch(range -> range.contains(now.toLocalTime()));
    }
}
