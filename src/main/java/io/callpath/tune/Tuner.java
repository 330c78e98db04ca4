package io.callpath.tune;

import io.callpath.config.CallpathConfig;
import io.callpath.config.LineConfig;
import io.callpath.events.CallSummary;
import io.callpath.sim.CallPlan;
import io.callpath.sim.CallPlans;
import io.callpath.sim.InProcessSimulation;
import io.callpath.sim.SimSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Simulates the current config and each candidate change on the same simulated callers, drawn from the fitted
 * model (common random numbers: a difference between two candidates is the configs', not the callers' luck), then
 * combines the changes that helped and picks the one to recommend.
 */
public final class Tuner {

    private final CallpathConfig config;
    private final LineConfig line;
    private final TuneSettings settings;
    private final Consumer<String> progress;

    /**
     * @param config   the configuration in force (the line is simulated open around the clock)
     * @param line     the line to tune
     * @param progress told one line per simulated candidate
     */
    public Tuner(CallpathConfig config, LineConfig line, TuneSettings settings, Consumer<String> progress) {
        this.config = config;
        this.line = line;
        this.settings = settings;
        this.progress = progress;
    }

    public TuneResult tune(ModelFit fit) {
        Duration target = config.metrics().serviceLevelTarget();
        Duration shortAbandon = config.metrics().shortAbandon();
        if (fit.calls() < settings.limits().minCalls()) {
            return new TuneResult(
                    fit,
                    List.of(),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    List.of(String.format(
                            Locale.ROOT,
                            "Too thin to decide: %d recorded calls on line %s in the window, and tune needs at least %d "
                                    + "(--min-calls). Nothing was simulated; widen the window (--last, --from) or wait for more calls.",
                            fit.calls(),
                            line.name(),
                            settings.limits().minCalls())));
        }
        CallpathConfig open = ConfigEdits.line(config, line.name(), ConfigEdits::alwaysOpen);
        Set<String> thin = fit.thinKeys();
        List<Candidate> singles = Candidates.singleChanges(config, line, settings.groups());
        int total = singles.size() + 1;
        List<CandidateRun> runs = new ArrayList<>();
        List<PairedBootstrap.Interval> intervals = new ArrayList<>();
        List<PairedBootstrap.Interval> reached = new ArrayList<>();
        try (ScratchDatabase database = ScratchDatabase.start(config.database())) {
            runs.add(simulate(Candidate.current(), open, fit, database, thin, runs.size() + 1, total));
            for (Candidate single : singles) {
                runs.add(simulate(single, open, fit, database, thin, runs.size() + 1, total));
            }
            runs.forEach(run -> intervals.add(interval(runs.get(0), run, target, shortAbandon)));
            runs.forEach(run -> reached.add(reachedInterval(runs.get(0), run)));
            Optional<Candidate> combined = combine(runs, intervals, reached);
            if (combined.isPresent()) {
                CandidateRun run =
                        simulate(combined.get(), open, fit, database, thin, runs.size() + 1, runs.size() + 1);
                runs.add(run);
                intervals.add(interval(runs.get(0), run, target, shortAbandon));
                reached.add(reachedInterval(runs.get(0), run));
            }
        }
        return decide(fit, runs, intervals, reached, target, shortAbandon);
    }

    /**
     * One candidate on the tune's callers: every run draws the same callers from the same seed; only their numbers
     * differ ({@code 5<run>...}), so that the runs can share one database without meeting each other's callers.
     */
    private CandidateRun simulate(
            Candidate candidate,
            CallpathConfig open,
            ModelFit fit,
            ScratchDatabase database,
            Set<String> thin,
            int number,
            int total) {
        List<CallPlan> plans = CallPlans.draw(
                fit.model(), settings.seed(), settings.calls(), String.format(Locale.ROOT, "5%03d", number));
        progress.accept(String.format(
                Locale.ROOT,
                "tune: simulating %d/%d: %s (%d callers)",
                number,
                total,
                candidate.label(),
                plans.size()));
        CallpathConfig changed = ConfigEdits.database(candidate.apply(open), database.settingsFor(number));
        InProcessSimulation.Result result = InProcessSimulation.runRecorded(
                changed,
                Map.of(),
                fit.model(),
                plans,
                line.dids().get(0),
                SimSettings.scaled(settings.timeScale()),
                settings.concurrency(),
                (done, all, errors) -> {});
        if (!result.load().errors().isEmpty()) {
            progress.accept(
                    "tune: " + result.load().errors().size() + " simulated calls broke in the simulator; first: "
                            + result.load().errors().get(0));
        }
        boolean rests = candidate.dependsOn().stream().anyMatch(thin::contains);
        return CandidateRun.of(
                candidate,
                paired(plans, result.calls()),
                config.metrics().serviceLevelTarget(),
                config.metrics().shortAbandon(),
                rests);
    }

    /** The summaries in the callers' order, matched by caller number and its occurrence (repeat callers share one). */
    private static List<CallSummary> paired(List<CallPlan> plans, List<CallSummary> calls) {
        Map<String, CallSummary> byKey = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (CallSummary call : calls) {
            String number = String.valueOf(call.callerNumber());
            byKey.put(number + "#" + seen.merge(number, 1, Integer::sum), call);
        }
        Map<String, Integer> planned = new HashMap<>();
        List<CallSummary> paired = new ArrayList<>(plans.size());
        for (CallPlan plan : plans) {
            paired.add(byKey.get(plan.callerNumber() + "#" + planned.merge(plan.callerNumber(), 1, Integer::sum)));
        }
        return paired;
    }

    private PairedBootstrap.Interval interval(
            CandidateRun current, CandidateRun run, Duration target, Duration shortAbandon) {
        return PairedBootstrap.serviceLevelDifference(
                current.withinTarget(target),
                current.shortAbandons(shortAbandon),
                run.withinTarget(target),
                run.shortAbandons(shortAbandon),
                settings.seed());
    }

    /** The share of callers who reached a seller at all, of {@code run} minus of {@code current}. */
    private PairedBootstrap.Interval reachedInterval(CandidateRun current, CandidateRun run) {
        boolean[] none = new boolean[run.calls().size()];
        return PairedBootstrap.serviceLevelDifference(current.reached(), none, run.reached(), none, settings.seed());
    }

    /** A change that raises the service level without costing callers their seller, on data thick enough for it. */
    private static boolean helps(
            CandidateRun run, PairedBootstrap.Interval interval, PairedBootstrap.Interval reached) {
        return interval.above(0) && !(reached.high() < 0);
    }

    /** The best helpful change of each setting together, when at least two settings have one. */
    private static Optional<Candidate> combine(
            List<CandidateRun> runs, List<PairedBootstrap.Interval> intervals, List<PairedBootstrap.Interval> reached) {
        Map<String, CandidateRun> bestPerSetting = new LinkedHashMap<>();
        for (int i = 1; i < runs.size(); i++) {
            CandidateRun run = runs.get(i);
            if (run.thin() || !helps(run, intervals.get(i), reached.get(i))) {
                continue;
            }
            bestPerSetting.merge(run.candidate().setting(), run, (a, b) -> better(b, a) ? b : a);
        }
        if (bestPerSetting.size() < 2) {
            return Optional.empty();
        }
        List<ConfigChange> changes = new ArrayList<>();
        bestPerSetting.values().forEach(run -> changes.addAll(run.candidate().changes()));
        String name = String.join(
                " + ",
                bestPerSetting.values().stream()
                        .map(run -> run.candidate().label())
                        .toList());
        return Optional.of(new Candidate(changes, name));
    }

    private static boolean better(CandidateRun a, CandidateRun b) {
        if (a.serviceLevel() != b.serviceLevel()) {
            return a.serviceLevel() > b.serviceLevel();
        }
        return a.abandons() < b.abandons();
    }

    private TuneResult decide(
            ModelFit fit,
            List<CandidateRun> runs,
            List<PairedBootstrap.Interval> intervals,
            List<PairedBootstrap.Interval> reached,
            Duration target,
            Duration shortAbandon) {
        List<String> verdict = new ArrayList<>();
        List<Integer> helpful = new ArrayList<>();
        List<Integer> undecidable = new ArrayList<>();
        List<Integer> losing = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            if (!intervals.get(i).above(0)) {
                continue;
            }
            if (!helps(runs.get(i), intervals.get(i), reached.get(i))) {
                losing.add(i);
                continue;
            }
            (runs.get(i).thin() ? undecidable : helpful).add(i);
        }
        helpful.sort(Comparator.comparing((Integer i) -> runs.get(i).serviceLevel())
                .reversed()
                .thenComparing(i -> runs.get(i).abandons()));
        if (!undecidable.isEmpty()) {
            verdict.add("Too thin to decide on " + labels(runs, undecidable)
                    + ": it looks better in simulation, but rests on "
                    + "model values the data was too thin to fit ("
                    + String.join(", ", fit.thinKeys().stream().sorted().toList())
                    + "), so those are the base model's guesses.");
        }
        if (!losing.isEmpty()) {
            verdict.add(
                    "Not recommended although the service level rises: " + labels(runs, losing) + " — fewer callers "
                            + "reach a seller at all (e.g. ringall gives up when the first seller to answer declines).");
        }
        if (helpful.isEmpty()) {
            verdict.add(
                    "No change is distinguishably better than the current config: every 95% interval of the change in "
                            + "service level includes 0 or lies below it. Keep the config"
                            + (runs.size() > 1 ? "" : " (nothing to try)") + ".");
            return new TuneResult(fit, runs, intervals, reached, Optional.empty(), verdict);
        }
        int best = helpful.get(0);
        CandidateRun chosen = runs.get(best);
        verdict.add(String.format(
                Locale.ROOT,
                "Recommended: %s — simulated service level %.1f%% -> %.1f%% "
                        + "(change %+.1f to %+.1f points, 95%%, paired on the same %d callers).",
                chosen.candidate().label(),
                100 * runs.get(0).serviceLevel(),
                100 * chosen.serviceLevel(),
                100 * intervals.get(best).low(),
                100 * intervals.get(best).high(),
                chosen.calls().size()));
        if (helpful.size() > 1) {
            int second = helpful.get(1);
            PairedBootstrap.Interval gap = PairedBootstrap.serviceLevelDifference(
                    runs.get(second).withinTarget(target),
                    runs.get(second).shortAbandons(shortAbandon),
                    chosen.withinTarget(target),
                    chosen.shortAbandons(shortAbandon),
                    settings.seed());
            if (!gap.above(0)) {
                verdict.add(String.format(
                        Locale.ROOT,
                        "The runner-up, %s, cannot be told apart from it (difference %+.1f to "
                                + "%+.1f points): either helps; the data cannot rank them.",
                        runs.get(second).candidate().label(),
                        100 * gap.low(),
                        100 * gap.high()));
            }
        }
        return new TuneResult(fit, runs, intervals, reached, Optional.of(chosen), verdict);
    }

    private static String labels(List<CandidateRun> runs, List<Integer> indexes) {
        return String.join(
                "; ", indexes.stream().map(i -> runs.get(i).candidate().label()).toList());
    }
}
