package io.callpath.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.LineConfig;
import io.callpath.sim.CallerModel;
import io.callpath.sim.CallerModelReader;
import io.callpath.store.SharedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped flow (config/simulate.yaml: sales rings during the greeting, only 0 and 2 end the ringing) records
 * calls from a known model; the fit must read back the keys it sees (the shares of callers who pressed 0 and 2, and
 * when, from arrival: shares within 0.07, the span within 1.5 s at each end) and flag the rest (who pressed 1, an
 * invalid key or nothing) as not observable, keeping the base model's values. Then tune simulates "ring during the
 * greeting" off and prints its row.
 */
class GreetingRingingFitTest {

    /** Keys 0 and 2 often, at 1–6 s both in the promo and in the menu; sellers slow enough that keys get pressed. */
    static final CallerModel TRUTH = CallerModelReader.read(
            "",
            Map.ofEntries(
                    Map.entry("keys.inPromo", "0.4"),
                    Map.entry("keys.inMenu", "0.35"),
                    Map.entry("keys.promoAfter", "1s..6s"),
                    Map.entry("keys.menuAfter", "1s..6s"),
                    Map.entry("keys.digits.0", "0.3"),
                    Map.entry("keys.digits.2", "0.3"),
                    Map.entry("hangUp.share", "0.3"),
                    Map.entry("hangUp.after", "10s..50s"),
                    Map.entry("repeatShare", "0.05"),
                    Map.entry("sellers.answerAfter", "5s..12s"),
                    Map.entry("sellers.missShare", "0.2"),
                    Map.entry("sellers.acceptShare", "0.8"),
                    Map.entry("assistants.answerAfter", "2s..7s"),
                    Map.entry("assistants.busyShare", "0.3"),
                    Map.entry("assistants.talk", "20s")));

    @Test
    void theKeysThatEndTheRingingAreFittedAndTheOthersAreFlaggedNotObservable() throws Exception {
        SharedPostgres.clean();
        CallpathConfig config = ConfigLoader.load(Path.of("config/simulate.yaml"));
        LineConfig line = config.lines().get(0);
        assertThat(line.ringingGreetingClass()).isEqualTo("callpath-main-greeting");
        List<RecordedCall> recorded = RecordedSimulation.record(config, TRUTH, 11, 600, "5999");
        CallerModel base = CallerModel.defaults();

        ModelFit fit = new ModelFitter(config, line, base, FitLimits.defaults()).fit(recorded);

        CallerModel model = fit.model();
        assertThat(fit.calls()).isEqualTo(600);
        // observable: who pressed 0 and who pressed 2 (of all callers), and when from arrival
        assertThat(shareOf(model, '0')).isCloseTo(shareOf(TRUTH, '0'), within(0.07));
        assertThat(shareOf(model, '2')).isCloseTo(shareOf(TRUTH, '2'), within(0.07));
        assertThat(model.promoKeyAfter().min().toMillis()).isCloseTo(1_000, within(1_500L));
        assertThat(model.promoKeyAfter().max().toMillis()).isCloseTo(6_000, within(1_500L));
        assertThat(fit.value("keys.promoAfter").thin()).isFalse();
        assertThat(fit.value("keys.digits").thin()).isFalse();
        // not observable: whether callers press at all (1 and no key look alike), and the unseen keys' weights
        for (String key : List.of("keys.inPromo", "keys.inMenu")) {
            assertThat(fit.value(key).thin()).isTrue();
            assertThat(fit.value(key).note()).startsWith("not observable on this line (");
        }
        assertThat(model.pressInPromo()).isEqualTo(base.pressInPromo());
        assertThat(model.pressInMenu()).isEqualTo(base.pressInMenu());
        assertThat(model.digits().get('1') / model.digits().get('9'))
                .isCloseTo(base.digits().get('1') / base.digits().get('9'), within(0.5));
        assertThat(fit.value("keys.digits").note()).contains("not observable on this line");
        // the sellers are fitted as on any line
        assertThat(model.sellerMissShare()).isCloseTo(0.2, within(0.07));

        List<String> progress = new ArrayList<>();
        TuneSettings settings =
                new TuneSettings(150, 3, 20, TuneRoundTripTest.TIME_SCALE, Set.of("informer"), FitLimits.defaults());
        TuneResult result = new Tuner(config, line, settings, progress::add).tune(fit);
        String report = TuneReport.render("line main", result, 150, 3);

        assertThat(progress).anyMatch(step -> step.contains("no informer.greetingClass"));
        assertThat(report)
                .contains("not observable on this line")
                .containsPattern(
                        "\\| no informer\\.greetingClass \\(the greeting before sales rings\\)[^\\n]*\\(thin\\)");
        // resting on who presses 1 or nothing, it is never recommended from such data
        assertThat(result.recommended().map(run -> run.candidate().label()).orElse(""))
                .doesNotContain("greetingClass");
    }

    /** The share of all callers who press {@code digit} at some moment. */
    private static double shareOf(CallerModel model, char digit) {
        double total = model.digits().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        return (model.pressInPromo() + model.pressInMenu()) * model.digits().getOrDefault(digit, 0.0) / total;
    }
}
