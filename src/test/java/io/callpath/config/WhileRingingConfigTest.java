package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** informer.mode, informer.musicClass and defaultDepartment: loaded, and every mistake named by check-config. */
class WhileRingingConfigTest {

    private static final String LINE = """
            lines:
              - name: main
                dids: ["5551000"]
                informer:
            %s
                menu:
                  prompt: callpath/greeting
                  timeout: 500ms
                  options:
                    "1": sales
            %s
            departments:
              sales:
                sellers: [PJSIP/101, PJSIP/102]
                strategy: ringall
            """;

    private static String yaml(String informer, String lineKeys) {
        return LINE.formatted(
                informer.indent(6).stripTrailing(), lineKeys.indent(4).stripTrailing());
    }

    private static List<ConfigProblem> problems(String yaml) {
        return ConfigLoader.check(yaml, Optional.empty());
    }

    @Test
    void whileRingingLineLoadsWithItsMusicClassAndDefaultDepartment() {
        CallpathConfig config = ConfigLoader.parse(
                yaml("mode: while-ringing\nmusicClass: callpath-main", "defaultDepartment: sales"), "test");

        LineConfig line = config.lines().get(0);
        assertThat(line.informer().mode()).isEqualTo(InformerMode.WHILE_RINGING);
        assertThat(line.promoWhileRinging()).isTrue();
        assertThat(line.ringingMusicClass()).isEqualTo("callpath-main");
        assertThat(line.defaultDepartment()).isEqualTo("sales");
    }

    @Test
    void modeDefaultsToBeforeWithoutRingingMusic() {
        LineConfig line = ConfigLoader.parse(yaml("prompt: callpath/informer", ""), "test")
                .lines()
                .get(0);

        assertThat(line.informer().mode()).isEqualTo(InformerMode.BEFORE);
        assertThat(line.ringingMusicClass()).isNull();
    }

    @Test
    void unknownModeIsNamedWithBothChoices() {
        assertThat(problems(yaml("mode: during", ""))).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("lines[0].informer.mode");
            assertThat(problem.toString())
                    .contains("'during' is not a mode")
                    .contains("before")
                    .contains("while-ringing");
        });
    }

    @Test
    void whileRingingNeedsAMusicClassAndADefinedDefaultDepartment() {
        assertThat(problems(yaml("mode: while-ringing", "")))
                .extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("lines[0].informer.musicClass", "lines[0].defaultDepartment");
        assertThat(problems(yaml("mode: while-ringing\nmusicClass: callpath-main", "defaultDepartment: salse")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.toString())
                        .contains("department 'salse' is not defined")
                        .contains("[sales]"));
    }

    @Test
    void musicClassThatWouldSplitTheDialIsRefused() {
        assertThat(problems(yaml("mode: while-ringing\nmusicClass: \"a)U(x\"", "defaultDepartment: sales")))
                .extracting(ConfigProblem::key)
                .containsExactly("lines[0].informer.musicClass");
    }

    @Test
    void defaultDepartmentWithThePromoBeforeIsRefusedAsMeaningless() {
        assertThat(problems(yaml("mode: before", "defaultDepartment: sales")))
                .extracting(ConfigProblem::key)
                .containsExactly("lines[0].defaultDepartment");
    }

    @Test
    void musicClassMissingFromMusiconholdConfIsNamedWithTheClassesItHas(@TempDir Path directory) throws IOException {
        Path musicOnHold = directory.resolve("musiconhold.conf");
        Files.writeString(
                musicOnHold, "[general]\n[default]\nmode=files\ndirectory=moh\n; [callpath-main] commented out\n");
        String config = yaml("mode: while-ringing\nmusicClass: callpath-main", "defaultDepartment: sales");

        List<ConfigProblem> problems = ConfigLoader.check(config, Optional.empty(), Optional.of(musicOnHold));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("lines[0].informer.musicClass");
            assertThat(problem.toString())
                    .contains("class 'callpath-main' is not defined")
                    .contains("[default]");
        });
        Files.writeString(
                musicOnHold, "[general]\n[callpath-main]\nmode=files\ndirectory=sounds/en/callpath/promo-main\n");
        assertThat(ConfigLoader.check(config, Optional.empty(), Optional.of(musicOnHold)))
                .isEmpty();
    }

    @Test
    void greetingClassMissingFromMusiconholdConfIsNamed(@TempDir Path directory) throws IOException {
        Path musicOnHold = directory.resolve("musiconhold.conf");
        Files.writeString(
                musicOnHold, "[general]\n[callpath-main]\nmode=files\ndirectory=sounds/en/callpath/promo-main\n");
        String config = yaml(
                "mode: while-ringing\nmusicClass: callpath-main\ngreetingClass: callpath-main-greeting",
                "defaultDepartment: sales");

        assertThat(ConfigLoader.check(config, Optional.empty(), Optional.of(musicOnHold)))
                .singleElement()
                .satisfies(problem -> assertThat(problem.key()).isEqualTo("lines[0].informer.greetingClass"));
    }

    @Test
    void greetingClassWithThePromoBeforeIsRefusedAsMeaningless() {
        assertThat(problems(yaml("mode: before\ngreetingClass: callpath-main-greeting", "")))
                .extracting(ConfigProblem::key)
                .containsExactly("lines[0].informer.greetingClass");
    }

    @Test
    void shippedConfigsPassTheKitsMusicOnHold() {
        for (String file : List.of("config/callpath.yaml", "config/simulate.yaml", "config/simulate-before.yaml")) {
            assertThat(ConfigLoader.check(
                            Path.of(file),
                            Optional.of(Path.of("asterisk-config/sounds")),
                            Optional.of(Path.of("asterisk-config/musiconhold.conf"))))
                    .as(file)
                    .isEmpty();
        }
    }
}
