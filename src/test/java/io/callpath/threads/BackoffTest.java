package io.callpath.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theDelayDoublesUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        List<Long> millis = new ArrayList<>();
        Duration delay = backoff.first();
        for (int i = 0; i < 10; i++) {
            millis.add(delay.toMillis());
            delay = backoff.after(delay);
        }
        assertThat(millis)
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L, 30_000L);
    }

    @Test
    void aCapEqualToTheFirstDelayKeepsItFixed() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(backoff.after(backoff.first())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aDelayAboveTheCapComesBackToIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(backoff.after(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void impossibleBoundsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("first must be positive: PT0S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max PT1S is less than first PT2S");
    }
}
