package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArrivalTimeTest {

    @Test
    void epochWithMicrosecondsParsesToTheExactInstant() {
        assertThat(ArrivalTime.parseEpoch("1795732924.356012"))
                .contains(Instant.ofEpochSecond(1795732924L, 356_012_000));
    }

    @Test
    void epochWithoutFractionAndWithNineDigitsParse() {
        assertThat(ArrivalTime.parseEpoch(" 1795732924 ")).contains(Instant.ofEpochSecond(1795732924L));
        assertThat(ArrivalTime.parseEpoch("1795732924.000000007")).contains(Instant.ofEpochSecond(1795732924L, 7));
        assertThat(ArrivalTime.parseEpoch("1795732924.5")).contains(Instant.ofEpochSecond(1795732924L, 500_000_000));
    }

    @Test
    void malformedOrPre2001EpochsAreRejected() {
        for (String bad : new String[] {
            null,
            "",
            " ",
            ".",
            "1795732924.",
            ".5",
            "17957a2924",
            "1795732924.1234567890",
            "1795732924.12a",
            "-1795732924",
            "+1795732924",
            "1795732924.5.1",
            "1234567890123",
            "999999999.9",
            "1795732924,5",
            "\u0661\u0667\u0669\u0665\u0667\u0663\u0662\u0669\u0662\u0664"
        }) {
            assertThat(ArrivalTime.parseEpoch(bad)).as("%s", bad).isEmpty();
        }
    }

    @Test
    void epochTextHasSixZeroPaddedDecimals() {
        assertThat(new ArrivalTime(Instant.ofEpochSecond(1795732924L, 7_000), "cdr").epochText())
                .isEqualTo("1795732924.000007");
        assertThat(new ArrivalTime(Instant.ofEpochSecond(1795732924L, 356_012_999), "cdr").epochText())
                .isEqualTo("1795732924.356012");
        assertThat(new ArrivalTime(Instant.ofEpochSecond(1795732924L), "cdr").epochText())
                .isEqualTo("1795732924.000000");
    }

    @Test
    void epochTextRoundTripsThroughParseEpoch() {
        ArrivalTime arrival = new ArrivalTime(Instant.ofEpochSecond(1795732924L, 10_000), "cdr");
        assertThat(ArrivalTime.parseEpoch(arrival.epochText())).contains(arrival.t0());
    }
}
