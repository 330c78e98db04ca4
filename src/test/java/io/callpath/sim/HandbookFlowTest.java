package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpath.clock.CallSummary;
import io.callpath.clock.Outcome;
import io.callpath.clock.Phase;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandbookFlowTest {

    /** Every caller presses 1 three seconds into the promo; assistants and sellers all answer, at fixed times. */
    private static final Map<String, String> EAGER_CALLERS_PROMPT_PEOPLE = Map.ofEntries(
            Map.entry("keys.inPromo", "1"), Map.entry("keys.inMenu", "0"), Map.entry("keys.promoAfter", "3s"),
            Map.entry("keys.digits.1", "1"), Map.entry("keys.digits.2", "0"), Map.entry("keys.digits.0", "0"),
            Map.entry("keys.digits.9", "0"), Map.entry("hangUp.share", "0"), Map.entry("repeatShare", "0"),
            Map.entry("assistants.busyShare", "0"), Map.entry("assistants.answerAfter", "3s"),
            Map.entry("assistants.talk", "25s"), Map.entry("sellers.missShare", "0"),
            Map.entry("sellers.answerAfter", "4s"), Map.entry("sellers.talk", "1s"));

    @Test
    void handbookCallersReachTheSellerAfterPromoAssistantHoldAndRings() {
        CallpathConfig handbook = ConfigLoader.load(Path.of("config/handbook.yaml"));
        CallerModel model = CallerModelReader.read("", EAGER_CALLERS_PROMPT_PEOPLE);
        List<CallPlan> plans = CallPlans.draw(model, 3, 4);

        InProcessSimulation.Result result = InProcessSimulation.run(handbook, model, plans, "5551000",
                SimSettings.scaled(0.01), 4, 1, (done, total, errors) -> { });

        assertThat(result.load().errors()).isEmpty();
        assertThat(result.calls()).hasSize(4).allSatisfy(call -> {
            assertThat(call.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            // 25 s promo (the key at 3 s is lost) + 3 s assistant ring + 25 s questions + 8 s hold + 4 s seller ring,
            // measured by the server's clocks; the upper margin is the server's own work times 1/scale.
            assertThat(call.timeToSellerMillis()).isBetween(64_500L, 80_000L);
            assertThat(phase(call, Phase.INFORMER)).isBetween(24_500L, 29_000L);
            assertThat(phase(call, Phase.ASSISTANT_TALKING)).isBetween(24_500L, 29_000L);
            assertThat(phase(call, Phase.TRANSFER_HOLD)).isBetween(7_500L, 11_000L);
            assertThat(call.route()).isEqualTo("assistant");
            assertThat(call.transfers()).isEqualTo(1);
            assertThat(call.assistantInvolved()).isTrue();
        });
        assertThat(result.load().records()).allSatisfy(record -> assertThat(record.lostDigits()).containsExactly('1'));
    }

    @Test
    void informerIsInterruptibleUnlessTheConfigSaysOtherwise() {
        CallpathConfig handbook = ConfigLoader.load(Path.of("config/handbook.yaml"));
        CallpathConfig callpath = ConfigLoader.load(Path.of("config/simulate.yaml"));

        assertThat(handbook.lines().get(0).informer().interruptible()).isFalse();
        assertThat(callpath.lines().get(0).informer().interruptible()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse("""
                lines:
                  - name: main
                    dids: ["1"]
                    informer: {interruptible: maybe}
                    menu: {options: {"1": sales}}
                departments:
                  sales: {sellers: [PJSIP/101]}
                """, "test.yaml")).hasMessageContaining("informer.interruptible");
    }

    private static long phase(CallSummary call, Phase phase) {
        return call.phaseMillis().getOrDefault(phase, 0L);
    }
}
