package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.sim.CallerModel;
import io.callpath.sim.CallerModelReader;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TuneCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path config;

    @BeforeEach
    void configOnTheSharedDatabase() throws IOException {
        SharedPostgres.clean();
        String yaml = Files.readString(Path.of("config/simulate.yaml"))
                .replace(
                        "database:\n",
                        "database:\n  url: " + SharedPostgres.database().jdbcUrl() + "\n");
        config = Files.createTempFile("callpath-tune", ".yaml");
        Files.writeString(config, yaml);
    }

    private int tune(String... args) {
        CommandLine command = CallpathCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "tune";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return command.execute(all);
    }

    @Test
    void noRecordedCallsIsTooThinToDecideAndTheModelStaysTheBaseModel() {
        int exit = tune("--last", "1h");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("callpath tune: line main, calls from ")
                .contains("0 recorded calls used")
                .contains(
                        "Too thin to decide: 0 recorded calls on line main in the window, and tune needs at least 200")
                .doesNotContain("Recommended change");
        assertThat(err.toString()).doesNotContain("tune: simulating");
    }

    @Test
    void modelOnlyPrintsAModelThatSimulateReads() {
        int exit = tune("--model-only");

        assertThat(exit).as(err.toString()).isZero();
        CallerModel printed = CallerModelReader.read(out.toString(), Map.of());
        assertThat(printed).isEqualTo(CallerModel.defaults());
    }

    @Test
    void simulateRecordKeepsTheCallsWhereTuneReadsThem() {
        CommandLine simulate = CallpathCommand.commandLine();
        simulate.setOut(new PrintWriter(out, true));
        simulate.setErr(new PrintWriter(err, true));
        int recorded = simulate.execute(
                "simulate",
                "--config",
                config.toString(),
                "--record",
                "--calls",
                "12",
                "--time-scale",
                "0.002",
                "--progress",
                "none");
        assertThat(recorded).as(err.toString()).isZero();
        assertThat(out.toString()).contains("The calls are stored");
        out.getBuffer().setLength(0);

        int exit = tune("--last", "1h", "--min-calls", "200");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("12 recorded calls used")
                .contains("Too thin to decide: 12 recorded calls on line main");
        assertThat(simulate.execute("simulate", "--record", "--target", "127.0.0.1:1"))
                .isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("--record keeps the calls of one in-process run");
    }

    @Test
    void badOptionsAreNamed() {
        assertThat(tune("--changes", "informer,colour")).isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString())
                .contains("unknown change group(s) [colour]; use some of [informer, menu, assistants, ring]");
        assertThat(tune("--line", "nope")).isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("--line 'nope' is not a line of");
        assertThat(tune("--from", "yesterday")).isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("--from 'yesterday' is not an ISO-8601 instant");
    }
}
