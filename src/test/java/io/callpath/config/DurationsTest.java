package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void everyUnitReadsAsWritten() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse(" 25s ")).contains(Duration.ofSeconds(25));
        assertThat(Durations.parse("2m")).contains(Duration.ofMinutes(2));
        assertThat(Durations.parse("24h")).contains(Duration.ofHours(24));
        assertThat(Durations.parse("7d")).contains(Duration.ofDays(7));
    }

    @Test
    void anythingButAWholeNumberWithAUnitIsNotADuration() {
        assertThat(Durations.parse("25")).isEmpty();
        assertThat(Durations.parse("2.5s")).isEmpty();
        assertThat(Durations.parse("-1s")).isEmpty();
        assertThat(Durations.parse("24H")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
    }
}
