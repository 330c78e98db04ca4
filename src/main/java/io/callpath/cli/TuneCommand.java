package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.config.LineConfig;
import io.callpath.sim.CallerModel;
import io.callpath.sim.CallerModelReader;
import io.callpath.store.Database;
import io.callpath.tune.FitLimits;
import io.callpath.tune.ModelFit;
import io.callpath.tune.ModelFitter;
import io.callpath.tune.RecordedCall;
import io.callpath.tune.RecordedCalls;
import io.callpath.tune.TuneReport;
import io.callpath.tune.TuneResult;
import io.callpath.tune.TuneSettings;
import io.callpath.tune.Tuner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code callpath tune}: fits the caller model to the recorded calls and simulates config changes on it. */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description = {
            "Fit the simulator's caller model to the calls recorded in PostgreSQL, then simulate the current "
                    + "config and candidate changes on the same simulated callers and recommend the change that raises the "
                    + "service level, or say that the data is too thin to decide.",
            "Reads the database as `report` does (the configured one, CALLPATH_DATABASE_URL, or the embedded one of "
                    + "a running `callpath serve`). Simulations run in-process on fresh temporary databases."
        })
final class TuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RecordedCallsOptions recordedCalls;

    @Mixin
    SimulationOptions simulation = new SimulationOptions(400, 0.002);

    @Option(
            names = "--line",
            paramLabel = "NAME",
            description = "The line to tune (default: the one with the most calls in the window).")
    String lineName;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description =
                    "Base caller model for what the calls cannot tell (prompt lengths, thin values); default: simulate's defaults.")
    Path baseModel;

    @Option(
            names = "--model-only",
            description =
                    "Print only the fitted model's YAML (to save and pass to `simulate --model`), and simulate nothing.")
    boolean modelOnly;

    @Option(
            names = "--changes",
            split = ",",
            paramLabel = "GROUP",
            description = "Kinds of change to try: informer, menu, assistants, ring (default: all).")
    List<String> changes = new ArrayList<>(TuneSettings.allGroups());

    @Option(
            names = "--min-calls",
            defaultValue = "200",
            description = "Recorded calls below which tune decides nothing (default: ${DEFAULT-VALUE}).")
    int minCalls;

    @Option(
            names = "--min-events",
            defaultValue = "20",
            description =
                    "Events a fitted time needs (twice as many observations for a share) before it replaces the base model's (default: ${DEFAULT-VALUE}).")
    int minEvents;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = simulation.problems();
        if (!problems.isEmpty()) {
            throw new UserInputException(String.join("; ", problems));
        }
        TuneSettings settings = UserInputException.from(() -> new TuneSettings(
                simulation.calls,
                simulation.seed,
                simulation.concurrency,
                simulation.timeScale,
                new LinkedHashSet<>(changes),
                new FitLimits(minCalls, minEvents)));
        CallpathConfig loaded = recordedCalls.load();
        CallerModel base = UserInputException.from(
                () -> CallerModelReader.read(baseModel == null ? "" : read(baseModel), Map.of()));
        TimeWindow window = recordedCalls.window.window("7d", Instant.now());
        QuietLogs.apply();
        List<RecordedCall> recorded;
        try (Database calls = RecordedCallsDatabase.open(loaded)) {
            recorded = RecordedCalls.read(calls.dataSource(), window.from(), window.to());
        }
        LineConfig line = line(loaded, recorded);
        ModelFit fit = new ModelFitter(loaded, line, base, settings.limits()).fit(recorded);
        if (modelOnly) {
            out.print(CallerModelReader.write(fit.model()));
            out.flush();
            return 0;
        }
        TuneResult result = new Tuner(loaded, line, settings, message -> {
                    err.println(message);
                    err.flush();
                })
                .tune(fit);
        out.print(TuneReport.render(
                "line " + line.name() + ", calls from " + window.from() + " to " + window.to() + " (config "
                        + recordedCalls.config.file + ")",
                result,
                simulation.calls,
                simulation.seed));
        out.flush();
        return 0;
    }

    private LineConfig line(CallpathConfig loaded, List<RecordedCall> recorded) {
        if (lineName != null) {
            return loaded.lineNamed(lineName)
                    .orElseThrow(() -> new UserInputException("--line '" + lineName
                            + "' is not a line of " + recordedCalls.config.file + "; its lines are "
                            + loaded.lines().stream().map(LineConfig::name).toList()));
        }
        return loaded.lines().stream()
                .max(Comparator.comparingLong(line -> recorded.stream()
                        .filter(call -> ModelFitter.usable(call, line))
                        .count()))
                .orElseThrow(() -> new UserInputException(recordedCalls.config.file + " has no lines to tune"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the caller model " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
