package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallSummary;
import io.callpath.report.TimeToSellerReport;
import io.callpath.sim.CallPlan;
import io.callpath.sim.CallPlans;
import io.callpath.sim.CallerModel;
import io.callpath.sim.CallerModelReader;
import io.callpath.sim.InProcessSimulation;
import io.callpath.sim.ModelledCallbacks;
import io.callpath.sim.SimSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code callpath simulate}: simulated callers against callpath, ending with their time-to-seller report. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Place simulated calls from a fake Asterisk and print their time-to-seller report.",
            "With no options: starts callpath in-process with config/simulate.yaml and a fresh temporary database, "
                    + "places 200 calls (20 at once) with audio time compressed 100x.",
            "In-process, each call runs on its own simulated audio time that callpath reads too: the report's "
                    + "times are exact, whatever the machine's load or the time scale.",
            "--compare-handbook: the same callers through the handbook's flow (config/handbook.yaml), callpath's "
                    + "old order with the promo before the menu (config/simulate-before.yaml) and callpath's default, "
                    + "with the three reports and a comparison table."
        })
final class SimulateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

    @Spec
    CommandSpec spec;

    @ParentCommand
    CallpathCommand callpath;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "config/simulate.yaml",
            description = "callpath's configuration; its phones exist in the fake PBX (default: ${DEFAULT-VALUE}).")
    Path configFile;

    @Option(
            names = "--target",
            paramLabel = "HOST:PORT",
            description = {
                "Drive a callpath already running there instead of starting one; it should run --config.",
                "That server times calls on its own real clock, so its times are real time / --time-scale and "
                        + "include its scheduling delays (times 1/scale) on a loaded machine."
            })
    String target;

    /** With --target: the database that callpath writes to, for the report; with --record: where the calls go. */
    @Mixin
    DatabaseOption database;

    @Mixin
    SimulationOptions simulation = new SimulationOptions(200, 0.01);

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "Caller model YAML; keys not given keep their defaults (see --print-model).")
    Path modelFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Overrides one model key, e.g. --set keys.inPromo=0.5 --set hangUp.after=10s..40s.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--print-model", description = "Print the caller model in effect as YAML and exit.")
    boolean printModel;

    @Option(
            names = "--did",
            description = "Dialled number the callers call (default: the first DID of the first line).")
    String did;

    @Option(names = "--compare-handbook", description = "Also run the handbook's flow on the same callers and compare.")
    boolean compareHandbook;

    @Option(
            names = "--handbook-config",
            paramLabel = "FILE",
            defaultValue = "config/handbook.yaml",
            description = "The handbook's flow as a config (default: ${DEFAULT-VALUE}).")
    Path handbookConfigFile;

    @Option(
            names = "--record",
            description = {
                "Keep the calls in the database of --config (its database: section, CALLPATH_DATABASE_URL, or "
                        + "the embedded database of a running serve), as recorded calls for `report` and `tune`.",
                "Times stay exact simulated audio time; caller numbers are new on every run, so earlier runs make "
                        + "nobody a repeat caller."
            })
    boolean record;

    @Option(
            names = "--before-config",
            paramLabel = "FILE",
            defaultValue = "config/simulate-before.yaml",
            description = "With --compare-handbook: callpath with the promo before the menu (informer.mode before), "
                    + "the old order (default: ${DEFAULT-VALUE}).")
    Path beforeConfigFile;

    @Option(
            names = "--warmup",
            defaultValue = "10",
            description =
                    "Unreported calls placed first, to warm up the JVM and the database before the measured calls (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            description = "auto, bar (one line, \\r), lines or none (default: ${DEFAULT-VALUE}).")
    ProgressLine.Style progress;

    @Option(
            names = {"-v", "--verbose"},
            description = "Keep callpath's INFO log (one line per call and session) on stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        validateOptions();
        int calls = simulation.calls;
        int concurrency = simulation.concurrency;
        double timeScale = simulation.timeScale;
        long seed = simulation.seed;
        CallerModel model = UserInputException.from(
                () -> CallerModelReader.read(modelFile == null ? "" : readModel(modelFile), overrideMap()));
        if (printModel) {
            out.print(CallerModelReader.write(model));
            out.flush();
            return 0;
        }
        if (!verbose) {
            QuietLogs.apply();
        }
        Map<String, String> environment = database.over(callpath.environment());
        CallpathConfig config = ConfigLoader.load(configFile, environment);
        String dialled = did != null ? did : config.lines().get(0).dids().get(0);
        SimSettings settings = SimSettings.scaled(timeScale);
        List<CallPlan> plans =
                record ? CallPlans.draw(model, seed, calls, freshNumberPrefix()) : CallPlans.draw(model, seed, calls);
        out.println(String.format(
                Locale.ROOT,
                "simulate: %d calls to %s, %d at once, time scale %s, seed %d%s",
                calls,
                dialled,
                concurrency,
                timeScale,
                seed,
                modelFile == null ? "" : ", model " + modelFile));
        if (target != null) {
            // Without a URL, a local `callpath serve` on the embedded database is found by its data directory, as
            // `report` does.
            Optional<DatabaseSettings> reportDatabase = RecordedCallsDatabase.external(
                    config,
                    config.database().dataDirectory(),
                    DatabaseSettings.defaults().dataDirectory());
            RemoteSimulation remote = new RemoteSimulation(target, reportDatabase);
            remote.run(config, model, plans, dialled, settings, concurrency, progress("calls"), out);
            out.flush();
            return 0;
        }
        if (record) {
            // The config carries the environment already (ConfigLoader.load): nothing to apply again.
            InProcessSimulation.Result result = InProcessSimulation.runRecorded(
                    config.withDatabase(RecordedCallsDatabase.settings(config)),
                    Map.of(),
                    model,
                    plans,
                    dialled,
                    settings,
                    concurrency,
                    progress("record"));
            SimulationRun recorded =
                    new SimulationRun("callpath (" + configFile + "), recorded", config, result.calls(), result);
            out.println();
            out.print(recorded.report());
            out.print(recorded.callbacks(model, seed));
            out.println();
            out.println(recorded.footnote(timeScale));
            out.println("The calls are stored: `callpath report --config " + configFile
                    + "` and `callpath tune --config " + configFile + "` read them.");
            out.flush();
            return 0;
        }
        SimulationRun callpath = SimulationRun.of(
                "callpath (" + configFile + ")",
                config,
                model,
                plans,
                dialled,
                settings,
                concurrency,
                warmup,
                progress("callpath"));
        if (!compareHandbook) {
            out.println();
            out.print(callpath.report());
            out.print(callpath.callbacks(model, seed));
            out.println();
            out.println(callpath.footnote(timeScale));
            out.flush();
            return 0;
        }
        CallpathConfig handbookConfig = ConfigLoader.load(handbookConfigFile, environment);
        SimulationRun handbook = SimulationRun.of(
                "handbook (" + handbookConfigFile + ")",
                handbookConfig,
                model,
                plans,
                dialled,
                settings,
                concurrency,
                warmup,
                progress("handbook"));
        SimulationRun before = SimulationRun.of(
                "promo before (" + beforeConfigFile + ")",
                ConfigLoader.load(beforeConfigFile, environment),
                model,
                plans,
                dialled,
                settings,
                concurrency,
                warmup,
                progress("before"));
        List<SimulationRun> runs = List.of(handbook, before, callpath);
        for (SimulationRun run : runs) {
            out.println();
            out.print(run.report());
            out.print(run.callbacks(model, seed));
        }
        out.println();
        out.print(HandbookComparison.table(runs));
        out.println();
        runs.forEach(run -> out.println(run.footnote(timeScale)));
        out.flush();
        return 0;
    }

    private void validateOptions() {
        List<String> problems = new ArrayList<>(simulation.problems());
        if (warmup < 0) {
            problems.add("--warmup cannot be negative, was " + warmup);
        }
        if (record && (target != null || compareHandbook)) {
            problems.add("--record keeps the calls of one in-process run; leave out --target and --compare-handbook");
        }
        if (target != null && compareHandbook) {
            problems.add("--compare-handbook starts both flows itself; leave out --target");
        }
        if (!problems.isEmpty()) {
            throw new UserInputException(String.join("; ", problems));
        }
    }

    /** Caller numbers 5SSSSSS0000001 and on, SSSSSS from the clock: a new run's callers are nobody's repeat callers. */
    private static String freshNumberPrefix() {
        return String.format(Locale.ROOT, "5%06d", java.time.Instant.now().getEpochSecond() % 1_000_000);
    }

    private Map<String, String> overrideMap() {
        Map<String, String> map = new LinkedHashMap<>();
        overrides.stream()
                .map(override -> UserInputException.from(() -> CallerModelReader.override(override)))
                .forEach(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    private static String readModel(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the caller model " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private ProgressLine progress(String label) {
        return new ProgressLine(spec.commandLine().getErr(), progress, label, System::nanoTime);
    }

    /** One flow's run: its calls in audio time and how it went. */
    record SimulationRun(
            String title, CallpathConfig config, List<CallSummary> calls, InProcessSimulation.Result result) {

        static SimulationRun of(
                String title,
                CallpathConfig config,
                CallerModel model,
                List<CallPlan> plans,
                String did,
                SimSettings settings,
                int concurrency,
                int warmup,
                ProgressLine progress) {
            InProcessSimulation.Result result =
                    InProcessSimulation.run(config, model, plans, did, settings, concurrency, warmup, progress);
            if (!result.load().errors().isEmpty()) {
                log.error(
                        "{} calls broke in the simulator, first: {}",
                        result.load().errors().size(),
                        result.load().errors().get(0));
            }
            return new SimulationRun(title, config, result.calls(), result);
        }

        String report() {
            return TimeToSellerReport.render(
                    title,
                    calls,
                    config.metrics().serviceLevelTarget(),
                    config.metrics().shortAbandon());
        }

        /** What the run's callbacks win, modelled; empty when no line of its config calls back. */
        String callbacks(CallerModel model, long seed) {
            return ModelledCallbacks.anyLineCallsBack(config)
                    ? "\n" + ModelledCallbacks.render(ModelledCallbacks.model(config, model, calls, seed))
                    : "";
        }

        String footnote(double timeScale) {
            return String.format(
                    Locale.ROOT,
                    "%s: %d calls in %.1f s real at time scale %s; times are simulated audio "
                            + "time, exact and unaffected by the machine's load.%s",
                    title,
                    calls.size(),
                    result.realTime().toMillis() / 1000.0,
                    timeScale,
                    result.load().errors().isEmpty()
                            ? ""
                            : " " + result.load().errors().size() + " calls broke in the simulator (see stderr).");
        }
    }
}
