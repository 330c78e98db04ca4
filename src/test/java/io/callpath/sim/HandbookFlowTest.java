package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandbookFlowTest {

    /** Every caller presses 1 three seconds into the promo; assistants and sellers all answer, at fixed times. */
    private static final Map<String, String> EAGER_CALLERS_PROMPT_PEOPLE = Map.ofEntries(
            Map.entry("keys.inPromo", "1"),
            Map.entry("keys.inMenu", "0"),
            Map.entry("keys.promoAfter", "3s"),
            Map.entry("keys.digits.1", "1"),
            Map.entry("keys.digits.2", "0"),
            Map.entry("keys.digits.0", "0"),
            Map.entry("keys.digits.9", "0"),
            Map.entry("hangUp.share", "0"),
            Map.entry("repeatShare", "0"),
            Map.entry("assistants.busyShare", "0"),
            Map.entry("assistants.answerAfter", "3s"),
            Map.entry("assistants.talk", "25s"),
            Map.entry("sellers.missShare", "0"),
            Map.entry("sellers.answerAfter", "4s"),
            Map.entry("sellers.talk", "1s"));

    @Test
    void handbookCallersReachTheSellerAfterPromoAssistantHoldAndRings() {
        CallpathConfig handbook = ConfigLoader.load(Path.of("config/handbook.yaml"));
        CallerModel model = CallerModelReader.read("", EAGER_CALLERS_PROMPT_PEOPLE);
        List<CallPlan> plans = CallPlans.draw(model, 3, 4);

        InProcessSimulation.Result result = InProcessSimulation.run(
                handbook, model, plans, "5551000", SimSettings.scaled(0.01), 4, 1, (done, total, errors) -> {});

        assertThat(result.load().errors()).isEmpty();
        assertThat(result.calls()).hasSize(4).allSatisfy(call -> {
            assertThat(call.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            // measured by the server on the call's simulated time, so exact: 0.5 s answer + 25 s promo (the key at
            // 3 s is lost) + 1 ms silent menu + 3 s assistant ring + 25 s questions + 8 s hold + 4 s seller ring
            assertThat(call.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            Phase.INFORMER,
                            25_500L,
                            Phase.MENU,
                            1L,
                            Phase.ASSISTANT_RINGING,
                            3_000L,
                            Phase.ASSISTANT_TALKING,
                            25_000L,
                            Phase.TRANSFER_HOLD,
                            8_000L,
                            Phase.SELLER_RINGING,
                            4_000L,
                            Phase.WHISPER,
                            0L));
            assertThat(call.timeToSellerMillis()).isEqualTo(65_501L);
            assertThat(call.route()).isEqualTo("assistant");
            assertThat(call.transfers()).isEqualTo(1);
            assertThat(call.assistantInvolved()).isTrue();
        });
        assertThat(result.load().records())
                .allSatisfy(record -> assertThat(record.lostDigits()).containsExactly('1'));
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
}
