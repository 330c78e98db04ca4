package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerModelReaderTest {

    @Test
    void emptyModelGivesTheDefaults() {
        CallerModel model = CallerModelReader.read("", Map.of());

        assertThat(model.pressInPromo()).isEqualTo(0.5);
        assertThat(model.sellerAnswerAfter()).isEqualTo(new Span(Duration.ofSeconds(2), Duration.ofSeconds(8)));
        assertThat(model.digits()).containsKeys('1', '2', '0');
        assertThat(model.prompts()).containsEntry("handbook/hold", Duration.ofSeconds(8));
    }

    @Test
    void fileValuesAndOverridesReplaceDefaultsAndOverridesWin() {
        String yaml = """
                keys:
                  inPromo: 0.2
                  digits: {"2": 1}
                hangUp:
                  after: 500ms..1m
                assistants:
                  talk: 25s
                """;

        CallerModel model = CallerModelReader.read(yaml, Map.of("keys.inPromo", "0.4", "pbx.prompts.my/promo", "12s"));

        assertThat(model.pressInPromo()).isEqualTo(0.4);
        assertThat(model.digits()).containsExactly(Map.entry('2', 1.0));
        assertThat(model.patience()).isEqualTo(new Span(Duration.ofMillis(500), Duration.ofMinutes(1)));
        assertThat(model.assistantTalk()).isEqualTo(Span.of(Duration.ofSeconds(25)));
        assertThat(model.prompts()).containsEntry("my/promo", Duration.ofSeconds(12));
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        String yaml = """
                keys:
                  inPromo: 1.5
                  menuAfter: 3 seconds
                  digits: {"x": 1}
                sellers:
                  answerAfter: 8s..2s
                  talks: 30s
                """;

        assertThatThrownBy(() -> CallerModelReader.read(yaml, Map.of("hangUp.share", "half")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys.inPromo: '1.5' is not a share")
                .hasMessageContaining("keys.menuAfter: '3 seconds' is not a duration or span")
                .hasMessageContaining("keys.digits.x: 'x' is not a key")
                .hasMessageContaining("sellers.answerAfter: '8s..2s'")
                .hasMessageContaining("sellers.talks: unknown key")
                .hasMessageContaining("hangUp.share: 'half' is not a share")
                .hasMessageContaining("6 problems");
    }

    @Test
    void sharesOfKeyPressersCannotExceedEveryone() {
        assertThatThrownBy(() -> CallerModelReader.read("keys: {inPromo: 0.7, inMenu: 0.5}", Map.of()))
                .hasMessageContaining("keys.inPromo + keys.inMenu: add up to 1.2");
    }

    @Test
    void writtenModelReadsBackEqual() {
        CallerModel model = CallerModelReader.read("", Map.of("hangUp.after", "7s..41s", "keys.digits.#", "0.2"));

        assertThat(CallerModelReader.read(CallerModelReader.write(model), Map.of()))
                .isEqualTo(model);
    }

    @Test
    void overrideWithoutEqualsSignIsRefusedWithAnExample() {
        assertThatThrownBy(() -> CallerModelReader.override("keys.inPromo")).hasMessageContaining("key=value");
    }

    @Test
    void sameSeedDrawsTheSameCallersAndAnotherSeedOthers() {
        CallerModel model = CallerModel.defaults();

        assertThat(CallPlans.draw(model, 42, 50)).isEqualTo(CallPlans.draw(model, 42, 50));
        assertThat(CallPlans.draw(model, 43, 50)).isNotEqualTo(CallPlans.draw(model, 42, 50));
    }

    @Test
    void repeatCallsReuseAnEarlierCallersNumber() {
        CallerModel model = CallerModelReader.read("", Map.of("repeatShare", "1"));

        var plans = CallPlans.draw(model, 1, 20);

        assertThat(plans.get(0).repeat()).isFalse();
        assertThat(plans.subList(1, 20)).allSatisfy(plan -> {
            assertThat(plan.repeatOf()).isBetween(0, plan.index() - 1);
            assertThat(plan.callerNumber()).isEqualTo(plans.get(plan.repeatOf()).callerNumber());
        });
    }
}
