package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.ServerSettings;
import io.callpath.store.SharedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RemoteSimulateTest {

    private static CallpathConfig onFreePort(Path scratch) {
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
                SharedPostgres.freshDatabase("remote_simulate"),
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

    private static String simulate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = CallpathCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void remoteRunReportsWhatTheFakeSawOrTheServersDatabase(@TempDir Path scratch) {
        try (RunningCallpath callpath = CallpathApp.create(onFreePort(scratch)).start()) {
            String target = "127.0.0.1:" + callpath.port();

            String fakeView = simulate(
                    "simulate", "--target", target, "--calls", "3", "--time-scale", "0.002", "--progress", "none");
            String fromDatabase = simulate(
                    "simulate",
                    "--target",
                    target,
                    "--calls",
                    "4",
                    "--seed",
                    "9",
                    "--time-scale",
                    "0.002",
                    "--progress",
                    "none",
                    "--database-url",
                    callpath.database().jdbcUrl());

            assertThat(fakeView)
                    .contains("Calls as the fake Asterisk saw them")
                    .containsPattern("placed +3\n")
                    .contains("give --database-url");
            assertThat(fromDatabase)
                    .contains("Time to seller: simulated calls against " + target)
                    .containsPattern("offered +4 ");
        }
    }
}
