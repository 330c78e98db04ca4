package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void isInstantToStringForEveryKindOfFraction() {
        SplittableRandom random = new SplittableRandom(20261201);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random, i);
            assertThat(InstantText.iso(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void isInstantToStringAtTheEdges() {
        for (Instant instant : new Instant[] {
            Instant.EPOCH,
            Instant.MIN,
            Instant.MAX,
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("0000-12-31T23:59:59.999999999Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("2000-02-29T12:00:00.100Z"),
            Instant.parse("1969-12-31T23:59:59.000001Z"),
            Instant.parse("2100-03-01T00:00:00Z")
        }) {
            assertThat(InstantText.iso(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void parseReadsBackEveryInstantIsoWrote() {
        SplittableRandom random = new SplittableRandom(20261202);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random, i);
            assertThat(InstantText.parse(InstantText.iso(instant)))
                    .as("%s", instant)
                    .isEqualTo(instant);
        }
    }

    @Test
    void parseAgreesWithInstantParseOnEveryDayOfFourYearsAndOddForms() {
        for (Instant day = Instant.parse("1999-12-25T23:59:59.5Z");
                day.isBefore(Instant.parse("2004-01-05T00:00:00Z"));
                day = day.plusSeconds(86_400)) {
            assertThat(InstantText.parse(day.toString())).isEqualTo(day);
        }
        for (String text : new String[] {
            "2026-12-02T01:02:03.1Z",
            "2026-12-02T01:02:03.12345Z",
            "+10000-01-01T00:00:00Z",
            "2024-02-29T00:00:00Z",
            "2026-12-02T24:00:00Z",
            "2016-12-31T23:59:60Z"
        }) {
            assertThat(InstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void parseRefusesWhatInstantParseRefuses() {
        for (String text : new String[] {
            "2025-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-12-02T01:60:00Z",
            "2026-12-02T01:02:03.12aZ",
            "2026-12-02 01:02:03Z",
            "2026-12-02T01:02:03",
            ""
        }) {
            assertThatThrownBy(() -> InstantText.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }

    /** Years 0 to 10000 and past, with no fraction, millis, micros or nanos in turn (i % 4). */
    private static Instant randomInstant(SplittableRandom random, int i) {
        long seconds = random.nextLong(-62_200_000_000L, 253_500_000_000L);
        int nanos = switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
