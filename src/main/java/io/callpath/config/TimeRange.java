package io.callpath.config;

import java.time.LocalTime;

/**
 * Opening time within one day, start inclusive, end exclusive; "24:00" is {@link LocalTime#MAX}.
 *
 * @param start opening
 * @param end   closing
 */
public record TimeRange(LocalTime start, LocalTime end) {

    public boolean contains(LocalTime time) {
        return !time.isBefore(start) && (time.isBefore(end) || end.equals(LocalTime.MAX));
    }
}
