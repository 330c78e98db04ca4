package io.callpath.tune;

import io.callpath.sim.CallerModel;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The caller model fitted to one line's recorded calls, with how well each value is known.
 *
 * @param line     the line
 * @param calls    recorded calls the fit used (finished, in business hours, not failed)
 * @param model    the fitted model; thin values keep the base model's
 * @param values   one row per fitted key
 * @param hazards  abandons per minute in each phase
 * @param agents   how each seller and assistant answered
 */
public record ModelFit(
        String line,
        int calls,
        CallerModel model,
        List<FittedValue> values,
        List<PhaseHazard> hazards,
        List<AgentAnswers> agents) {

    public ModelFit {
        values = List.copyOf(values);
        hazards = List.copyOf(hazards);
        agents = List.copyOf(agents);
    }

    /** Keys whose data was too thin to fit. */
    public Set<String> thinKeys() {
        return values.stream().filter(FittedValue::thin).map(FittedValue::key).collect(Collectors.toUnmodifiableSet());
    }

    public FittedValue value(String key) {
        return values.stream()
                .filter(v -> v.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fitted value " + key));
    }
}
