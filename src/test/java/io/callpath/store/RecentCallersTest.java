package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentCallersTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Instant WINDOW_START = NOW.minus(Duration.ofHours(24));

    @Test
    void beforeTheFirstLoadEveryNumberMayHaveCalled() {
        RecentCallers recent = new RecentCallers(10);

        assertThat(recent.mayHaveCalledSince("+1555", WINDOW_START)).isTrue();
    }

    @Test
    void afterALoadANumberNeverSeenIsCertainlyNew() {
        RecentCallers recent = loaded(10);

        assertThat(recent.mayHaveCalledSince("+1555", WINDOW_START)).isFalse();
    }

    @Test
    void aNumberSeenWithinTheWindowMayHaveCalled() {
        RecentCallers recent = loaded(10);
        recent.seen("+1555", NOW.minusSeconds(60));

        assertThat(recent.mayHaveCalledSince("+1555", WINDOW_START)).isTrue();
        assertThat(recent.mayHaveCalledSince("+1556", WINDOW_START)).isFalse();
        assertThat(recent.mayHaveCalledSince("+1555", NOW.minusSeconds(30)))
                .as("its call is before that")
                .isFalse();
    }

    @Test
    void anOlderSightingDoesNotHideANewerOne() {
        RecentCallers recent = loaded(10);
        recent.seen("+1555", NOW.minusSeconds(10));
        recent.seen("+1555", NOW.minus(Duration.ofHours(5)));

        assertThat(recent.mayHaveCalledSince("+1555", NOW.minusSeconds(20))).isTrue();
    }

    @Test
    void lookupsReachingBeforeTheLoadAskTheDatabase() {
        RecentCallers recent = loaded(10);

        assertThat(recent.mayHaveCalledSince("+1555", WINDOW_START.minusSeconds(1)))
                .isTrue();
    }

    @Test
    void expiredNumbersAreForgotten() {
        RecentCallers recent = loaded(10);
        recent.seen("+1555", NOW.minus(Duration.ofHours(20)));
        recent.seen("+1666", NOW.minus(Duration.ofHours(1)));

        Instant fiveHoursLater = NOW.plus(Duration.ofHours(5));
        int forgotten = recent.expireBefore(fiveHoursLater.minus(Duration.ofHours(24)));

        assertThat(forgotten).isOne();
        assertThat(recent.size()).isOne();
        assertThat(recent.mayHaveCalledSince("+1555", fiveHoursLater.minus(Duration.ofHours(24))))
                .isFalse();
        assertThat(recent.mayHaveCalledSince("+1666", fiveHoursLater.minus(Duration.ofHours(24))))
                .isTrue();
    }

    @Test
    void lookupsReachingBeforeWhatWasExpiredAskTheDatabase() {
        RecentCallers recent = loaded(10);
        recent.expireBefore(NOW.minus(Duration.ofHours(1)));

        assertThat(recent.mayHaveCalledSince("+1555", NOW.minus(Duration.ofHours(2))))
                .isTrue();
    }

    @Test
    void beyondItsCapacityItForgetsTheOldestAndSendsLookupsReachingThatFarToTheDatabase() {
        RecentCallers recent = loaded(3);
        recent.seen("+1001", NOW.minusSeconds(400));
        recent.seen("+1002", NOW.minusSeconds(300));
        recent.seen("+1003", NOW.minusSeconds(200));
        recent.seen("+1004", NOW.minusSeconds(100));

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.hasEvicted()).isTrue();
        assertThat(recent.mayHaveCalledSince("+1001", NOW.minusSeconds(500)))
                .as("evicted, so unsure")
                .isTrue();
        assertThat(recent.mayHaveCalledSince("+9999", NOW.minusSeconds(500)))
                .as("unsure as well")
                .isTrue();
        assertThat(recent.mayHaveCalledSince("+9999", NOW.minusSeconds(350)))
                .as("after the evicted call")
                .isFalse();
        assertThat(recent.mayHaveCalledSince("+1004", NOW.minusSeconds(350))).isTrue();
    }

    @Test
    void aNumberSeenAgainDoesNotTakeASecondPlace() {
        RecentCallers recent = loaded(2);
        recent.seen("+1001", NOW.minusSeconds(300));
        recent.seen("+1001", NOW.minusSeconds(200));
        recent.seen("+1002", NOW.minusSeconds(100));

        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.hasEvicted()).isFalse();
    }

    @Test
    void numbersDifferingInOneDigitHashApart() {
        assertThat(RecentCallers.hash("+15551000")).isNotEqualTo(RecentCallers.hash("+15551001"));
        assertThat(RecentCallers.hash("+15551000")).isEqualTo(RecentCallers.hash("+15551000"));
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new RecentCallers(0)).hasMessage("capacity < 1: 0");
    }

    private static RecentCallers loaded(int capacity) {
        RecentCallers recent = new RecentCallers(capacity);
        recent.loadedSince(WINDOW_START);
        return recent;
    }
}
