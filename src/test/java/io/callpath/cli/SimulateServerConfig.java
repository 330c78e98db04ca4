package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** config/simulate.yaml as a server for the simulate command to call: a free local port and a given database. */
final class SimulateServerConfig {

    private SimulateServerConfig() {}

    /** The config on 127.0.0.1, port 0, writing to {@code databaseUrl} with its pgdata and spool in {@code scratch}. */
    static CallpathConfig onFreePort(Path scratch, String databaseUrl) {
        CallpathConfig config = ConfigLoader.load(Path.of("config/simulate.yaml"));
        ServerSettings server = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                100,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofSeconds(1));
        DatabaseSettings defaults = DatabaseSettings.defaults();
        DatabaseSettings database = new DatabaseSettings(
                databaseUrl,
                "postgres",
                "",
                scratch.resolve("pgdata"),
                0,
                scratch.resolve("spool"),
                defaults.queueCapacity(),
                defaults.batchSize(),
                defaults.poolSize(),
                defaults.lookupTimeout());
        return new CallpathConfig(
                server, database, config.metrics(), config.repeatCallers(), config.lines(), config.departments());
    }
}
