package io.callpath.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callpath.config.CallpathConfig;
import io.callpath.config.LineConfig;
import io.callpath.sim.CallerModel;
import io.callpath.sim.CallerModelReader;
import io.callpath.store.SharedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The greeting-first while-ringing flow (config/simulate.yaml without its greetingClass: the greeting, then the promo
 * while sales ring all at once, no key to sales) records calls from
 * {@link TuneRoundTripTest#TRUE_MODEL}; the fit must see through ringall (the phone that lost the race is censored,
 * a seller who declined is not rung again) and the greeting. Keys in a promo cannot be seen on such a line, so the
 * base model carries the true promo values, as a model fitted on earlier before-mode calls would.
 * A menu key that would come after the greeting's window is never seen: the fitted menu share is that of keys within
 * it. Tolerances: shares within 0.07, the sellers' answer span within 1.5 s at each end.
 */
class WhileRingingFitTest {

    @Test
    void ringallAndTheGreetingAreFittedBackAndPromoKeysAreMarkedUnobservable() throws Exception {
        SharedPostgres.clean();
        // the greeting first; GreetingRingingFitTest fits the shipped line that rings during the greeting
        CallpathConfig config = io.callpath.config.ShippedConfigs.greetingFirst(Path.of("config/simulate.yaml"));
        LineConfig line = config.lines().get(0);
        assertThat(line.promoWhileRinging()).isTrue();
        CallerModel truth = TuneRoundTripTest.TRUE_MODEL;
        List<RecordedCall> recorded = RecordedSimulation.record(config, truth, 5, 600, "5888");
        CallerModel base = CallerModelReader.read("", Map.of("keys.inPromo", "0.4", "keys.promoAfter", "3s..12s"));

        ModelFit fit = new ModelFitter(config, line, base, FitLimits.defaults()).fit(recorded);

        CallerModel model = fit.model();
        assertThat(fit.calls()).isEqualTo(600);
        assertThat(fit.value("keys.inPromo").thin()).isTrue();
        assertThat(fit.value("keys.inPromo").note()).contains("plays its promo while the sellers ring");
        assertThat(model.pressInPromo()).isEqualTo(0.4);
        // a menu key after the greeting's window (2,665 ms prompt + 500 ms) is lost in the ringing: only keys within it
        // are seen
        double withinWindow = 0.35 * ModelFitter.uniformShare(truth.menuKeyAfter(), 0, 3_165);
        assertThat(model.pressInMenu()).isCloseTo(withinWindow, within(0.07));
        assertThat(model.sellerMissShare()).isCloseTo(0.2, within(0.07));
        assertThat(model.sellerAcceptShare()).isCloseTo(0.8, within(0.07));
        assertThat(model.sellerAnswerAfter().min().toMillis()).isCloseTo(3_000, within(1_500L));
        assertThat(model.sellerAnswerAfter().max().toMillis()).isCloseTo(9_000, within(1_500L));
    }
}
