package io.callpath.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.callpath.events.Phase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeToSellerStatsTest {

    private final TimeToSellerStats stats =
            TimeToSellerStats.of(KnownCalls.day(), Duration.ofSeconds(10), Duration.ofSeconds(5));

    @Test
    void outcomesPartitionTheFinishedCalls() {
        assertThat(stats.offered()).isEqualTo(13);
        assertThat(stats.reachedSeller()
                        + stats.abandoned()
                        + stats.shortAbandons()
                        + stats.noSeller()
                        + stats.failed())
                .isEqualTo(stats.offered());
        assertThat(stats.reachedSeller()).isEqualTo(6);
        assertThat(stats.abandoned()).isEqualTo(2);
        assertThat(stats.shortAbandons()).isEqualTo(2);
        assertThat(stats.noSeller()).isEqualTo(2);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.inProgress()).isEqualTo(1);
        assertThat(stats.noSellerReasons()).containsExactly(entry("after_hours", 1), entry("assistant_only", 1));
    }

    @Test
    void percentilesUseTheNearestRank() {
        assertThat(stats.p50Millis()).isEqualTo(9_000L);
        assertThat(stats.p90Millis()).isEqualTo(58_000L);
        assertThat(stats.maxMillis()).isEqualTo(58_000L);
        assertThat(stats.averageMillis()).isEqualTo(18_500L);
    }

    @Test
    void histogramBucketsIncludeTheirLowerBound() {
        assertThat(stats.histogram()).containsExactly(1, 2, 1, 0, 1, 0, 1, 0);
        assertThat(stats.histogram()).hasSameSizeAs(TimeToSellerStats.BUCKET_LABELS);
    }

    @Test
    void serviceLevelCountsTheTargetInclusiveAndLeavesShortAbandonsOut() {
        assertThat(stats.reachedWithinTarget()).isEqualTo(4);
        assertThat(stats.serviceLevelBase()).isEqualTo(11);
        assertThat(stats.serviceLevel())
                .hasValueSatisfying(level -> assertThat(level).isEqualTo(4.0 / 11));
    }

    @Test
    void phaseAveragesAddUpToTheAverageTimeToSeller() {
        assertThat(stats.averagePhaseMillis())
                .containsExactly(
                        entry(Phase.INFORMER, 6_167L),
                        entry(Phase.MENU, 2_500L),
                        entry(Phase.ASSISTANT_RINGING, 500L),
                        entry(Phase.ASSISTANT_TALKING, 2_833L),
                        entry(Phase.TRANSFER_HOLD, 667L),
                        entry(Phase.SELLER_RINGING, 4_833L),
                        entry(Phase.WHISPER, 1_000L));
        assertThat(stats.averagePhaseMillis().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(stats.averageMillis());
    }

    @Test
    void abandonsAreCountedByThePhaseTheCallerLeftIn() {
        assertThat(stats.abandonsByPhase()).containsExactly(entry(Phase.INFORMER, 2), entry(Phase.SELLER_RINGING, 1));
        assertThat(stats.abandonsWithoutPhase()).isEqualTo(1);
    }

    @Test
    void noCallsGiveNoPercentilesAndNoServiceLevel() {
        TimeToSellerStats empty = TimeToSellerStats.of(List.of(), Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(empty.p50Millis()).isNull();
        assertThat(empty.maxMillis()).isNull();
        assertThat(empty.serviceLevel()).isEmpty();
        assertThat(empty.averagePhaseMillis()).isEmpty();
    }
}
