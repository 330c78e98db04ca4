package io.callpath.tune;

import java.util.List;
import java.util.Optional;

/**
 * What {@code tune} found.
 *
 * @param fit          the fitted model
 * @param runs         the current config first, then every candidate (empty when the data was too thin)
 * @param intervals    per run, the 95% interval of its service level minus the current config's
 * @param reachedIntervals per run, the 95% interval of its share of callers who reached a seller minus the current's
 * @param recommended  the run to adopt, if any is distinguishably better than the current config
 * @param verdict      why: the decision in sentences
 */
public record TuneResult(
        ModelFit fit,
        List<CandidateRun> runs,
        List<PairedBootstrap.Interval> intervals,
        List<PairedBootstrap.Interval> reachedIntervals,
        Optional<CandidateRun> recommended,
        List<String> verdict) {

    public TuneResult {
        runs = List.copyOf(runs);
        intervals = List.copyOf(intervals);
        reachedIntervals = List.copyOf(reachedIntervals);
        verdict = List.copyOf(verdict);
    }

    /** The run loses callers: distinguishably fewer of them reach a seller than under the current config. */
    public boolean losesCalls(int run) {
        return reachedIntervals.get(run).high() < 0;
    }

    /** The recommended change as YAML, or empty. */
    public String recommendedYaml() {
        return recommended.map(run -> run.candidate().yaml()).orElse("");
    }

    /** Service level of the current config and of the recommendation (or current again), simulated. */
    public double currentServiceLevel() {
        return runs.isEmpty() ? 0 : runs.get(0).serviceLevel();
    }

    public Optional<Double> recommendedServiceLevel() {
        return recommended.map(CandidateRun::serviceLevel);
    }

    /** The data was too thin to simulate anything. */
    public boolean tooThin() {
        return runs.isEmpty();
    }
}
