package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.HoursConfig;
import io.callpath.config.TimeRange;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerHistoryAndHoursTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void theCurrentCallIsNotItsOwnPreviousCall() {
        InMemoryCallerHistory history = new InMemoryCallerHistory(clock, 10);
        history.remember("555", "call-1", null, null, NOW);

        assertThat(history.lookup("555", "call-1", Duration.ofHours(24))).isEmpty();
        assertThat(history.lookup("555", "call-2", Duration.ofHours(24))).isPresent();
    }

    @Test
    void aLaterCallWithoutSellerKeepsTheLastSeller() {
        InMemoryCallerHistory history = new InMemoryCallerHistory(clock, 10);
        history.remember("555", "call-1", "PJSIP/102", "sales", NOW.minusSeconds(600));
        history.remember("555", "call-2", null, null, NOW);

        assertThat(history.lookup("555", "call-2", Duration.ofHours(24))).hasValueSatisfying(previous -> {
            assertThat(previous.lastSeller()).isEqualTo("PJSIP/102");
            assertThat(previous.lastCallAt()).isEqualTo(NOW.minusSeconds(600));
        });
    }

    @Test
    void historyForgetsTheLeastRecentCallerBeyondItsCapacity() {
        InMemoryCallerHistory history = new InMemoryCallerHistory(clock, 2);
        history.remember("1", "a", null, null, NOW);
        history.remember("2", "b", null, null, NOW);
        history.remember("3", "c", null, null, NOW);

        assertThat(history.lookup("1", "x", Duration.ofHours(1))).isEmpty();
        assertThat(history.lookup("3", "x", Duration.ofHours(1))).isPresent();
    }

    @Test
    void hoursAreReadInTheLinesTimeZone() {
        HoursConfig berlin = new HoursConfig(
                ZoneId.of("Europe/Berlin"),
                Map.of(DayOfWeek.WEDNESDAY, List.of(new TimeRange(LocalTime.of(11, 0), LocalTime.of(12, 0)))),
                Set.of());

        assertThat(new BusinessHours(clock).isOpen(berlin)).isTrue();
        assertThat(new BusinessHours(Clock.offset(clock, Duration.ofHours(1))).isOpen(berlin))
                .isFalse();
    }

    @Test
    void severalRangesADayAndMidnightClosing() {
        HoursConfig split = new HoursConfig(
                ZoneOffset.UTC,
                Map.of(
                        DayOfWeek.WEDNESDAY,
                        List.of(
                                new TimeRange(LocalTime.of(8, 0), LocalTime.of(9, 0)),
                                new TimeRange(LocalTime.of(22, 0), LocalTime.MAX))),
                Set.of());

        assertThat(new BusinessHours(clock).isOpen(split)).isFalse();
        assertThat(new BusinessHours(Clock.fixed(Instant.parse("2026-11-25T23:59:59Z"), ZoneOffset.UTC)).isOpen(split))
                .isTrue();
        assertThat(new BusinessHours(Clock.fixed(Instant.parse("2026-11-25T08:30:00Z"), ZoneOffset.UTC)).isOpen(split))
                .isTrue();
    }

    @Test
    void holidayClosesAnOpenDay() {
        HoursConfig hours = new HoursConfig(
                ZoneOffset.UTC,
                Map.of(DayOfWeek.WEDNESDAY, List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(18, 0)))),
                Set.of(LocalDate.of(2026, 11, 25)));

        assertThat(new BusinessHours(clock).isOpen(hours)).isFalse();
        assertThat(new BusinessHours(clock).isOpen(null)).isTrue();
    }
}
