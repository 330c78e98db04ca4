package io.callpath.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Business hours of a line; outside them the after-hours route applies.
 *
 * @param timezone where the hours are meant
 * @param weekly   day -> opening ranges; a day not listed is closed
 * @param holidays closed all day
 */
public record HoursConfig(ZoneId timezone, Map<DayOfWeek, List<TimeRange>> weekly, Set<LocalDate> holidays) {

    public HoursConfig {
        Map<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        weekly.forEach((day, ranges) -> copy.put(day, List.copyOf(ranges)));
        weekly = Map.copyOf(copy);
        holidays = Set.copyOf(holidays);
    }

    /** The time zone of a line whose {@code hours:} name none. */
    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
}
