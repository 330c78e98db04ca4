package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    private static final String VALID = """
            lines:
              - name: main
                dids: ["5551000"]
                campaign: spring-promo
                source: google-ads
                menu:
                  options:
                    "1": sales
                    "2": service
                assistants:
                  dial: [PJSIP/201]
                  answerTimeout: 10s
                hours:
                  timezone: UTC
                  weekly:
                    monday: "09:00-18:00"
            departments:
              sales:
                sellers: [PJSIP/101, PJSIP/102]
              service:
                sellers: [PJSIP/103]
            """;

    private static List<ConfigProblem> problems(String yaml) {
        return ConfigLoader.check(yaml, Optional.empty());
    }

    private static List<String> keys(String yaml) {
        return problems(yaml).stream().map(ConfigProblem::key).toList();
    }

    @Test
    void validFileHasNoProblemAndGetsDefaults() {
        assertThat(problems(VALID)).isEmpty();
        CallpathConfig config = ConfigLoader.parse(VALID, "test");
        assertThat(config.server()).isEqualTo(ServerSettings.defaults());
        assertThat(config.database()).isEqualTo(DatabaseSettings.defaults());
        assertThat(config.metrics().serviceLevelTarget()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.repeatCallers()).isEqualTo(RepeatCallerSettings.defaults());
        assertThat(config.http()).isEqualTo(new HttpSettings(true, "127.0.0.1", 8573, ""));
        LineConfig line = config.lines().get(0);
        assertThat(line.menu().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(line.menu().retries()).isEqualTo(2);
        assertThat(line.effectiveOverflowDepartment()).isEqualTo("sales");
        assertThat(line.hours().weekly().get(DayOfWeek.MONDAY))
                .containsExactly(new TimeRange(LocalTime.of(9, 0), LocalTime.of(18, 0)));
        assertThat(config.departments().get("sales").strategy()).isEqualTo(DialStrategy.SEQUENTIAL);
    }

    @Test
    void demoConfigLoads() {
        CallpathConfig config = ConfigLoader.load(Path.of("config/callpath.yaml"));

        assertThat(config.lineForDid("5551000")).hasValueSatisfying(line -> {
            assertThat(line.campaign()).isEqualTo("spring-promo");
            assertThat(line.source()).isEqualTo("google-ads");
        });
        assertThat(config.lineForDid("5552000"))
                .hasValueSatisfying(line -> assertThat(line.informer()).isNull());
        assertThat(config.departments().keySet()).containsExactly("sales", "service");
    }

    @Test
    void unknownDepartmentIsNamedWithItsKeyAndTheDefinedOnes() {
        List<ConfigProblem> problems = problems(VALID.replace("\"1\": sales", "\"1\": salse"));

        assertThat(problems)
                .singleElement()
                .hasToString(
                        "lines[0].menu.options.\"1\": department 'salse' is not defined; define it under departments: or use one of [sales, service]");
    }

    @Test
    void digitUsedTwiceIsAProblem() {
        assertThat(keys(VALID.replace("\"2\": service", "\"2\": service\n        \"1\": service")))
                .containsExactly("lines[0].menu.options.\"1\"");
    }

    @Test
    void zeroInTheMenuIsAProblemBecauseItMeansTheAssistants() {
        assertThat(keys(VALID.replace("\"2\": service", "\"0\": service")))
                .containsExactly("lines[0].menu.options.\"0\"");
    }

    @Test
    void emptyDialListsAreProblems() {
        assertThat(keys(VALID.replace("dial: [PJSIP/201]", "dial: []").replace("sellers: [PJSIP/103]", "sellers: []")))
                .containsExactly("lines[0].assistants.dial", "departments.service.sellers");
    }

    @Test
    void rangeEndingBeforeItStartsIsAProblem() {
        assertThat(problems(VALID.replace("09:00-18:00", "18:00-09:00")))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("lines[0].hours.weekly.monday");
                    assertThat(problem.message()).contains("ends before it starts");
                });
    }

    @Test
    void hourTwentyFiveIsNotATimeOfDay() {
        assertThat(problems(VALID.replace("09:00-18:00", "09:00-25:00")))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("lines[0].hours.weekly.monday");
                    assertThat(problem.message()).contains("'25:00' is not a time of day");
                });
    }

    @Test
    void dialStringsThatWouldSplitTheDialCommandAreProblems() {
        assertThat(keys(VALID.replace(
                        "sellers: [PJSIP/101, PJSIP/102]",
                        "sellers: [\"PJSIP/101,20\", \"PJSIP/102^x\", \"PJSIP/(1)\", \"a|b\", \"q\\\"\", \"n\\nl\"]")))
                .containsExactly(
                        "departments.sales.sellers[0]",
                        "departments.sales.sellers[1]",
                        "departments.sales.sellers[2]",
                        "departments.sales.sellers[3]",
                        "departments.sales.sellers[4]",
                        "departments.sales.sellers[5]");
    }

    @Test
    void didUsedByTwoLinesIsAProblem() {
        String twoLines = VALID.replace("departments:", """
                  - name: copy
                    did: "5551000"
                    menu:
                      options:
                        "1": sales
                departments:""");

        assertThat(problems(twoLines)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("lines[1].dids[0]");
            assertThat(problem.message()).isEqualTo("DID '5551000' is already used by line 'main'");
        });
    }

    @Test
    void zeroAndNegativeTimeoutsAreProblems() {
        assertThat(keys(VALID.replace("answerTimeout: 10s", "answerTimeout: 0s")
                        .replace("sellers: [PJSIP/103]", "sellers: [PJSIP/103]\n    ringTimeout: -5s")))
                .containsExactlyInAnyOrder("lines[0].assistants.answerTimeout", "departments.service.ringTimeout");
    }

    @Test
    void durationWithoutUnitIsAProblemWithTheFormatInTheFix() {
        List<ConfigProblem> problems = problems(VALID.replace("answerTimeout: 10s", "answerTimeout: 10"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("lines[0].assistants.answerTimeout");
            assertThat(problem.fix()).contains("500ms, 25s, 2m, 24h");
        });
    }

    @Test
    void durationsAcceptEveryUnit() {
        CallpathConfig config = ConfigLoader.parse(VALID + """
                metrics: {serviceLevelTarget: 500ms, shortAbandon: 2m}
                repeatCallers: {window: 24h, enabled: false}
                """, "test");

        assertThat(config.metrics().serviceLevelTarget()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.metrics().shortAbandon()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.repeatCallers().enabled()).isFalse();
    }

    @Test
    void unknownKeysAreProblemsNamedByTheirPath() {
        assertThat(keys(VALID.replace("campaign: spring-promo", "campaing: spring-promo") + "sever:\n  port: 1\n"))
                .containsExactlyInAnyOrder("lines[0].campaing", "sever");
    }

    @Test
    void everyServerSettingServeWouldRefuseIsAProblemOfCheckConfig() {
        String server = """
                server:
                  bind: 999.1.1.1
                  port: 70000
                  allow: [127.0.0.1, localhost, pbx.example.com]
                  maxSessions: 0
                  headerTimeout: 0s
                """;
        List<ConfigProblem> problems = problems(server + VALID);

        assertThat(problems)
                .extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder(
                        "server.bind",
                        "server.port",
                        "server.allow[1]",
                        "server.allow[2]",
                        "server.maxSessions",
                        "server.headerTimeout");
        assertThat(problems)
                .filteredOn(problem -> problem.key().equals("server.allow[1]"))
                .singleElement()
                .satisfies(problem -> assertThat(problem.fix()).startsWith("write 127.0.0.1 and \"::1\" instead"));
        assertThat(problems)
                .filteredOn(problem -> problem.key().equals("server.bind"))
                .singleElement()
                .satisfies(problem ->
                        assertThat(problem.message()).isEqualTo("'999.1.1.1' is not an IPv4 or IPv6 address"));
    }

    @Test
    void emptyAllowListIsAProblem() {
        assertThat(problems("server:\n  allow: []\n" + VALID)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("server.allow");
            assertThat(problem.message()).contains("every connection would be refused");
        });
    }

    @Test
    void portZeroAndNoShutdownGraceAreAllowed() {
        CallpathConfig config = ConfigLoader.parse(
                "server:\n  port: 0\n  shutdownGrace: 0s\n  bind: \"::1\"\n" + "  allow: [\"::1\", 10.0.0.5]\n" + VALID,
                "test");

        assertThat(config.server().port()).isZero();
        assertThat(config.server().shutdownGrace()).isZero();
    }

    @Test
    void whatCheckConfigPassesTheServerAccepts() {
        CallpathConfig config = ConfigLoader.parse(
                "server:\n  port: 0\n  bind: 127.0.0.1\n  allow: [127.0.0.1, \"::1\"]\n" + VALID, "test");

        assertThat(ServerRules.requireValid(config.server())).isSameAs(config.server());
        assertThat(ServerRules.allowedAddresses(config.server())).hasSize(2);
    }

    @Test
    void emptyDidIsAProblem() {
        assertThat(problems(VALID.replace("dids: [\"5551000\"]", "dids: [\"5551000\", \"\"]")))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("lines[0].dids[1]");
                    assertThat(problem.message()).startsWith("is empty");
                });
    }

    @Test
    void yamlSyntaxErrorNamesItsLineAndColumn() {
        String broken = VALID.replace("    campaign: spring-promo", "    campaign: [spring-promo");

        assertThat(problems(broken)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).matches("\\(file\\) line \\d+, column \\d+");
            assertThat(problem.message()).startsWith("is not valid YAML: ");
            assertThat(problem.fix()).contains("at line");
        });
    }

    @Test
    void loadThrowsWithEveryProblem() {
        String broken = VALID.replace("\"1\": sales", "\"1\": salse").replace("dial: [PJSIP/201]", "dial: []");

        assertThatThrownBy(() -> ConfigLoader.parse(broken, "callpath.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("callpath.yaml has 2 problem(s)")
                .hasMessageContaining("lines[0].menu.options.\"1\"")
                .hasMessageContaining("lines[0].assistants.dial");
    }

    @Test
    void voicemailActionNeedsADialString() {
        assertThat(keys(VALID.replace("departments:", "    afterHours: {action: voicemail}\ndepartments:")))
                .containsExactly("lines[0].afterHours.voicemail");
    }

    @Test
    void promptWithoutASoundFileIsAProblemForEveryLanguage(@TempDir Path sounds) throws IOException {
        for (String language : List.of("en", "ru")) {
            for (String name : List.of("menu", "no-input", "invalid", "after-hours")) {
                Path file = sounds.resolve(language).resolve("callpath").resolve(name + ".wav");
                Files.createDirectories(file.getParent());
                Files.write(file, new byte[] {0});
            }
        }
        Files.delete(sounds.resolve("ru/callpath/invalid.wav"));

        List<ConfigProblem> problems = ConfigLoader.check(VALID, Optional.of(sounds));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("lines[0].menu.invalidPrompt");
            assertThat(problem.message()).isEqualTo("prompt 'callpath/invalid' has no sound file for language 'ru'");
        });
    }

    @Test
    void languageSpecificPromptIsLookedUpInItsLanguage(@TempDir Path sounds) throws IOException {
        for (String name : List.of(
                "en/callpath/menu.gsm",
                "en/callpath/no-input.gsm",
                "en/callpath/invalid.gsm",
                "en/callpath/after-hours.gsm",
                "ru/callpath/menu-ru.ulaw")) {
            Files.createDirectories(sounds.resolve(name).getParent());
            Files.write(sounds.resolve(name), new byte[] {0});
        }
        String yaml =
                VALID.replace("  menu:\n", "  menu:\n      prompt: {default: callpath/menu, ru: callpath/menu-ru}\n");

        assertThat(ConfigLoader.check(yaml, Optional.of(sounds)))
                .extracting(ConfigProblem::key)
                .containsOnly(
                        "lines[0].menu.noInputPrompt", "lines[0].menu.invalidPrompt", "lines[0].afterHours.prompt");
    }

    @Test
    void promptMapWithoutDefaultIsAProblem() {
        assertThat(keys(VALID.replace("  menu:\n", "  menu:\n      prompt: {ru: callpath/menu-ru}\n")))
                .containsExactly("lines[0].menu.prompt");
    }

    @Test
    void httpKeysAreCheckedByName() {
        String bad = VALID + """
                http:
                  enabled: true
                  bind: wallboard.example.com
                  port: 70000
                  token: "short token"
                  colour: blue
                """;
        assertThat(keys(bad)).contains("http.bind", "http.port", "http.token", "http.colour");
        assertThat(problems(bad).stream()
                        .filter(problem -> problem.key().equals("http.token"))
                        .findFirst()
                        .orElseThrow()
                        .toString())
                .contains("16")
                .contains("openssl rand -hex 24");
        assertThat(problems(VALID + "http:\n  bind: 0.0.0.0\n  port: 9000\n  token: 0123456789abcdef0123\n"))
                .isEmpty();
        assertThat(ConfigLoader.parse(VALID + "http:\n  enabled: false\n", "test")
                        .http()
                        .enabled())
                .isFalse();
    }

    @Test
    void theEnvironmentTokenOverridesTheFile() {
        HttpSettings file = new HttpSettings(true, "0.0.0.0", 8573, "from-the-file-0123456");
        assertThat(file.withTokenFrom(java.util.Map.of("CALLPATH_HTTP_TOKEN", "from-the-env-01234567"))
                        .token())
                .isEqualTo("from-the-env-01234567");
        assertThat(file.withTokenFrom(java.util.Map.of("CALLPATH_HTTP_TOKEN", "  "))
                        .token())
                .isEqualTo("from-the-file-0123456");
    }
}
