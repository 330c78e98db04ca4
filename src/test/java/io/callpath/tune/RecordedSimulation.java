package io.callpath.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DatabaseSettings;
import io.callpath.sim.CallPlans;
import io.callpath.sim.CallerModel;
import io.callpath.sim.InProcessSimulation;
import io.callpath.sim.SimSettings;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Calls drawn from a known caller model, simulated on config's first line into the shared PostgreSQL and read back. */
final class RecordedSimulation {

    private RecordedSimulation() {}

    /**
     * Simulates {@code calls} callers of {@code truth} (seed {@code seed}, numbers from {@code numberPrefix}) at
     * {@link TuneRoundTripTest#TIME_SCALE}, asserts the load saw no errors and returns the calls as the fitter reads
     * them.
     */
    static List<RecordedCall> record(
            CallpathConfig config, CallerModel truth, long seed, int calls, String numberPrefix) throws IOException {
        Path spool = Files.createTempDirectory("callpath-tune-test-spool");
        DatabaseSettings shared = new DatabaseSettings(
                SharedPostgres.database().jdbcUrl(),
                "postgres",
                "",
                spool.resolve("pgdata"),
                0,
                spool,
                100_000,
                500,
                4,
                Duration.ofMillis(200));
        Instant before = Instant.now().minusSeconds(60);
        InProcessSimulation.Result result = InProcessSimulation.runRecorded(
                ConfigEdits.database(config, shared),
                Map.of(),
                truth,
                CallPlans.draw(truth, seed, calls, numberPrefix),
                config.lines().get(0).dids().get(0),
                SimSettings.scaled(TuneRoundTripTest.TIME_SCALE),
                20,
                (done, total, errors) -> {});
        assertThat(result.load().errors()).isEmpty();
        return RecordedCalls.read(
                SharedPostgres.database().dataSource(), before, Instant.now().plusSeconds(3600));
    }
}
