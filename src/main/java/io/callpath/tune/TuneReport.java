package io.callpath.tune;

import io.callpath.report.TimeToSellerStats;
import io.callpath.sim.CallerModelReader;
import java.util.List;
import java.util.Locale;

/** {@code tune}'s output: the fitted model as YAML, how well it is known, the candidates' table and the verdict. */
public final class TuneReport {

    private TuneReport() {}

    /** @param heading what was read, e.g. "line main, calls from A to B" */
    public static String render(String heading, TuneResult result, int simulatedCallers, long seed) {
        ModelFit fit = result.fit();
        StringBuilder out = new StringBuilder();
        out.append("callpath tune: ").append(heading).append('\n');
        out.append(String.format(
                Locale.ROOT, "%d recorded calls used (finished, in business hours, not failed)%n%n", fit.calls()));
        out.append(
                "Fitted caller model (the YAML `callpath simulate --model FILE` reads; `tune --model-only` prints only this)\n");
        out.append(CallerModelReader.write(fit.model()));
        out.append('\n');
        values(out, fit.values());
        hazards(out, fit.hazards());
        agents(out, fit.agents());
        if (!result.tooThin()) {
            candidates(out, result, simulatedCallers, seed);
        }
        result.verdict().forEach(line -> out.append(line).append('\n'));
        if (result.recommended().isPresent()) {
            out.append("\nRecommended change (merge into the config file):\n");
            out.append(result.recommendedYaml());
        }
        return out.toString();
    }

    private static void values(StringBuilder out, List<FittedValue> values) {
        out.append(
                "How well each value is known (95% intervals; waits cut off before the event count as \"not yet\")\n");
        out.append(String.format(
                Locale.ROOT, "  %-23s %-14s %6s %6s %-8s %s%n", "key", "value", "seen", "events", "±", "from"));
        for (FittedValue value : values) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-23s %-14s %6d %6d %-8s %s%n",
                    value.key(),
                    value.value(),
                    value.observations(),
                    value.events(),
                    value.spread(),
                    value.note()));
        }
        out.append('\n');
    }

    private static void hazards(StringBuilder out, List<PhaseHazard> hazards) {
        out.append("Hang-ups per minute of waiting, by phase (the model has one patience for the whole wait)\n");
        for (PhaseHazard hazard : hazards) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-18s %4d hang-ups in %8.1f min   %.3f/min ±%.3f%n",
                    hazard.phase().key(),
                    hazard.abandons(),
                    hazard.exposureMillis() / 60_000.0,
                    hazard.perMinute(),
                    hazard.spreadPerMinute()));
        }
        out.append('\n');
    }

    private static void agents(StringBuilder out, List<AgentAnswers> agents) {
        out.append(
                "Phones: rang, answered, missed (rang out, busy, unreachable), declined in the whisper, median ring before answer\n");
        for (AgentAnswers agent : agents) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-9s %-14s %5d rang %5d answered %5d missed %4d declined   median %s%n",
                    agent.role(),
                    agent.agent(),
                    agent.rings(),
                    agent.answered(),
                    agent.missed(),
                    agent.declined(),
                    agent.medianAnswerMillis() < 0 ? "-" : ModelFitter.seconds(agent.medianAnswerMillis())));
        }
        out.append('\n');
    }

    private static void candidates(StringBuilder out, TuneResult result, int callers, long seed) {
        out.append(String.format(
                Locale.ROOT,
                "Candidates: the same %d simulated callers (seed %d) for each; line open around the clock%n",
                callers,
                seed));
        out.append("| candidate | reached | p50 | p90 | service level | vs current (95%) | abandons |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < result.runs().size(); i++) {
            CandidateRun run = result.runs().get(i);
            TimeToSellerStats stats = run.stats();
            PairedBootstrap.Interval interval = result.intervals().get(i);
            String versus = i == 0
                    ? "-"
                    : String.format(Locale.ROOT, "%+.1f .. %+.1f", 100 * interval.low(), 100 * interval.high());
            String mark = run.thin()
                    ? " (thin)"
                    : result.losesCalls(i)
                            ? " (loses calls)"
                            : result.recommended().filter(r -> r == run).isPresent() ? " **recommended**" : "";
            out.append(String.format(
                    Locale.ROOT,
                    "| %s%s | %d | %s | %s | %.1f%% | %s | %d |%n",
                    run.candidate().label(),
                    mark,
                    stats.reachedSeller(),
                    seconds(stats.p50Millis()),
                    seconds(stats.p90Millis()),
                    100 * run.serviceLevel(),
                    versus,
                    run.abandons()));
        }
        out.append("\nService level = reached a seller within ")
                .append(seconds(result.runs().get(0).stats().target().toMillis()))
                .append(
                        " / (calls - short abandons); \"vs current\" is in percentage points, paired on the same callers;")
                .append(" (thin): rests on model values kept from the base model; (loses calls): distinguishably fewer")
                .append(" callers reach a seller at all.\n\n");
    }

    private static String seconds(Long millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
