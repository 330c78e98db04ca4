package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A key left out of the file takes the default its record names: one home for each default. */
class ConfigDefaultsTest {

    private static final String SPARSE = """
            lines:
              - name: main
                dids: ["5551000"]
                informer: {}
                menu:
                  options: {"1": sales}
                assistants:
                  dial: [PJSIP/201]
                hours: {}
                afterHours: {}
                callback: {}
            departments:
              sales:
                sellers: [PJSIP/101]
            """;

    @Test
    void keysLeftOutTakeTheRecordsDefaults() {
        CallpathConfig config = ConfigLoader.parse(SPARSE, "test");
        LineConfig line = config.lines().get(0);

        assertThat(line.informer()).isEqualTo(InformerConfig.defaults());
        assertThat(line.menu())
                .usingRecursiveComparison()
                .ignoringFields("options")
                .isEqualTo(MenuConfig.defaults());
        assertThat(line.assistants())
                .usingRecursiveComparison()
                .ignoringFields("dial")
                .isEqualTo(AssistantsConfig.defaults());
        assertThat(line.hours().timezone()).isEqualTo(HoursConfig.DEFAULT_TIMEZONE);
        assertThat(line.afterHours()).isEqualTo(AfterHoursConfig.defaults());
        assertThat(line.callback())
                .usingRecursiveComparison()
                .ignoringFields("callerId")
                .isEqualTo(CallbackConfig.off());
        assertThat(line.callback().callerId()).as("the line's first DID").isEqualTo("5551000");
        assertThat(config.departments().get("sales"))
                .usingRecursiveComparison()
                .ignoringFields("sellers")
                .isEqualTo(DepartmentConfig.defaults("sales"));
        assertThat(config.desk()).isEqualTo(DeskSettings.defaults());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        // docs/config-reference.md names these; a change here is a change there
        assertThat(MenuConfig.defaults().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(MenuConfig.defaults().retries()).isEqualTo(2);
        assertThat(InformerConfig.defaults().budget()).isEqualTo(Duration.ofSeconds(25));
        assertThat(InformerConfig.defaults().interruptible()).isTrue();
        assertThat(InformerConfig.defaults().mode()).isEqualTo(InformerMode.BEFORE);
        assertThat(AssistantsConfig.defaults().answerTimeout()).isEqualTo(Duration.ofSeconds(10));
        DepartmentConfig department = DepartmentConfig.defaults("sales");
        assertThat(department.ringTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(department.strategy()).isEqualTo(DialStrategy.SEQUENTIAL);
        assertThat(department.acceptTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(department.acceptPrompt()).isEqualTo(Prompt.of("callpath/accept"));
        assertThat(department.skipBusySellers()).isTrue();
    }

    @Test
    void aLineWithoutAMenuGetsTheDefaultMenuAndOneProblem() {
        String withoutMenu = SPARSE.replace("    menu:\n      options: {\"1\": sales}\n", "");

        assertThat(ConfigLoader.check(withoutMenu, java.util.Optional.empty()))
                .extracting(ConfigProblem::key)
                .contains("lines[0].menu")
                .doesNotContain("lines[0].menu.timeout", "lines[0].menu.retries");
    }
}
