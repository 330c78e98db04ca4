package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.store.SharedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RemoteSimulateTest {

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
        try (RunningCallpath callpath = CallpathApp.create(
                        SimulateServerConfig.onFreePort(scratch, SharedPostgres.freshDatabase("remote_simulate")))
                .start()) {
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
