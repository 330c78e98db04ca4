package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void isInstantToStringForEveryKindOfFraction() {
        SplittableRandom random = new SplittableRandom(20261201);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_200_000_000L, 253_500_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(InstantText.iso(instant))
                    .as("%d s %d ns", seconds, nanos)
                    .isEqualTo(instant.toString());
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
}
