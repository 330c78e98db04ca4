package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The offered callback's keys: read with their defaults, and every mistake named by its key. */
class CallbackOfferConfigTest {

    private static String yaml(String callback) {
        return """
                lines:
                  - name: main
                    dids: ["5551000"]
                    menu:
                      options:
                        "1": sales
                        "#": service
                    assistants:
                      dial: [PJSIP/201]
                """ + callback + """
                departments:
                  sales:
                    sellers: [PJSIP/101]
                  service:
                    sellers: [PJSIP/103]
                """;
    }

    private static List<ConfigProblem> problems(String callback) {
        return ConfigLoader.check(yaml(callback), Optional.empty());
    }

    @Test
    void aLineOffersNothingUnlessOfferAfterIsSetAndTheKeyIsStarByDefault() {
        CallbackConfig off = ConfigLoader.parse(yaml("    callback:\n      enabled: true\n"), "test")
                .lines()
                .get(0)
                .callback();
        assertThat(off.offers()).isFalse();

        CallbackConfig offering = ConfigLoader.parse(
                        yaml("    callback:\n      enabled: true\n      offerAfter: 20s\n"), "test")
                .lines()
                .get(0)
                .callback();
        assertThat(offering.offers()).isTrue();
        assertThat(offering.offerAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(offering.offerDigit()).isEqualTo('*');
        assertThat(offering.offerPrompt()).isEqualTo(Prompt.of("callpath/callback-offer"));
        assertThat(offering.queuedPrompt()).isEqualTo(Prompt.of("callpath/callback-queued"));
    }

    @Test
    void anOfferKeyTheMenuUsesIsRefusedNamingBothKeys() {
        List<ConfigProblem> problems =
                problems("    callback:\n      enabled: true\n      offerAfter: 20s\n      offerKey: \"1\"\n");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("lines[0].callback.offerKey");
            assertThat(problem.message()).isEqualTo("'1' is also the menu's key lines[0].menu.options.\"1\" (sales)");
            assertThat(problem.fix()).contains("\"*\"");
        });
    }

    @Test
    void theAssistantsKeyAndAKeyThatIsNoKeyAreRefused() {
        assertThat(problems("    callback:\n      enabled: true\n      offerAfter: 20s\n      offerKey: \"0\"\n"))
                .singleElement()
                .satisfies(
                        problem -> assertThat(problem.message()).contains("'0'").contains("assistants"));
        assertThat(problems("    callback:\n      enabled: true\n      offerAfter: 20s\n      offerKey: \"**\"\n"))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).isEqualTo("'**' is not one key of a phone"));
    }

    @Test
    void aStarInTheMenuLeavesTheOfferAFreeKeyToSuggest() {
        String menuWithStar = yaml("    callback:\n      enabled: true\n      offerAfter: 20s\n")
                .replace("\"#\": service", "\"*\": service");

        assertThat(ConfigLoader.check(menuWithStar, Optional.empty()))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.message())
                            .isEqualTo("'*' is also the menu's key lines[0].menu.options.\"*\" (service)");
                    assertThat(problem.fix()).contains("\"#\"");
                });
    }

    @Test
    void anOfferOnALineWithoutCallbacksOrANegativeWaitIsRefused() {
        assertThat(problems("    callback:\n      offerAfter: 20s\n"))
                .extracting(ConfigProblem::key)
                .containsExactly("lines[0].callback.offerAfter");
        assertThat(problems("    callback:\n      enabled: true\n      offerAfter: -5s\n"))
                .extracting(ConfigProblem::key)
                .contains("lines[0].callback.offerAfter");
    }
}
