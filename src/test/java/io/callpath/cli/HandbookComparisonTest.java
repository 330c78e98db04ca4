package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.InProcessSimulation;
import io.callpath.sim.LoadRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandbookComparisonTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static CallSummary reached(String id, long millis) {
        return new CallSummary(
                id,
                "main",
                "5551000",
                "",
                "",
                "5550000001",
                "sales",
                T0,
                T0.plusMillis(millis),
                millis,
                Map.of(Phase.SELLER_RINGING, millis),
                Outcome.REACHED_SELLER,
                null,
                null,
                "PJSIP/101",
                "sales",
                false,
                0,
                false,
                T0.plusMillis(millis + 1000));
    }

    private static CallSummary abandoned(String id, long millis) {
        return new CallSummary(
                id,
                "main",
                "5551000",
                "",
                "",
                "5550000002",
                null,
                T0,
                null,
                null,
                Map.of(Phase.INFORMER, millis),
                Outcome.ABANDONED,
                null,
                Phase.INFORMER,
                null,
                null,
                false,
                0,
                false,
                T0.plusMillis(millis));
    }

    private static SimulateCommand.SimulationRun run(String title, List<CallSummary> calls) {
        CallpathConfig config = ConfigLoader.load(Path.of("config/simulate.yaml"));
        return new SimulateCommand.SimulationRun(
                title,
                config,
                calls,
                new InProcessSimulation.Result(calls, new LoadRun.Result(List.of(), List.of()), Duration.ofSeconds(1)));
    }

    @Test
    void tableShowsPercentilesAndServiceLevelOfEachFlow() {
        String table = HandbookComparison.table(List.of(
                run("handbook", List.of(reached("a", 60_000), reached("b", 70_000), abandoned("c", 30_000))),
                run("callpath", List.of(reached("a", 8_000), reached("b", 12_000), abandoned("c", 3_000)))));

        assertThat(table)
                .contains("| handbook | 3 | 2 | 60.0 s | 60.0 s | 60.0 s | 70.0 s | 70.0 s | 70.0 s | 0.0% | 1 |")
                .contains("| callpath | 3 | 2 | 8.0 s | 8.0 s | 8.0 s | 12.0 s | 12.0 s | 12.0 s | 50.0% | 1 |")
                .contains("10.0 s target");
    }

    @Test
    void percentilesAreNearestRankOverTheCallsThatReachedASeller() {
        java.util.List<Long> sorted =
                java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList();

        assertThat(HandbookComparison.nearestRank(sorted, 0.10)).isEqualTo(2L);
        assertThat(HandbookComparison.nearestRank(sorted, 0.90)).isEqualTo(18L);
        assertThat(HandbookComparison.nearestRank(sorted, 0.99)).isEqualTo(20L);
        assertThat(HandbookComparison.nearestRank(List.of(), 0.5)).isNull();
    }
}
