package io.callpath.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closed hours, holidays, voicemail and the caller's language, end to end on simulated time. */
class AfterHoursAndLanguageTest {

    private static final Instant MONDAY_20_00 = Instant.parse("2026-11-23T20:00:00Z");
    private static final Instant CHRISTMAS_FRIDAY_10_00 = Instant.parse("2026-12-25T10:00:00Z");

    /** One line, open weekdays, voicemail after hours; a Russian informer and menu. */
    private static final String SMALL_CONFIG = """
            server:
              allow: [127.0.0.1]
            lines:
              - name: shop
                dids: ["5553000"]
                campaign: autumn
                source: billboard
                informer:
                  prompt: {default: callpath/informer, ru: callpath/informer-ru}
                  budget: 25s
                menu:
                  prompt: {default: callpath/menu, ru: callpath/menu-ru}
                  timeout: 5s
                  retries: 0
                  options:
                    "1": sales
                hours:
                  timezone: Europe/Moscow
                  weekly:
                    monday: "09:00-18:00"
                afterHours:
                  prompt: {default: callpath/after-hours, ru: callpath/after-hours-ru}
                  action: voicemail
                  voicemail: PJSIP/vm-shop
            departments:
              sales:
                sellers: [PJSIP/101]
                ringTimeout: 15s
                strategy: sequential
            """;

    private static CallpathConfig smallConfig() {
        return ConfigLoader.parse(SMALL_CONFIG, "small.yaml");
    }

    private static CallpathRig rigAt(CallpathConfig config, Instant start) {
        return new CallpathRig(
                config,
                CallpathRig.pbx()
                        .prompt("callpath/informer-ru", Duration.ofSeconds(12))
                        .prompt("callpath/menu-ru", Duration.ofSeconds(4))
                        .prompt("callpath/after-hours-ru", Duration.ofSeconds(5))
                        .endpoint(
                                "PJSIP/vm-shop",
                                Endpoint.answersAfter(Duration.ZERO).talking(Duration.ofSeconds(30)))
                        .build(),
                start);
    }

    @Test
    void afterHoursCallerHearsThePromptAndIsHungUp() {
        try (CallpathRig rig = rigAt(CallpathRig.defaultConfig(), MONDAY_20_00)) {
            CallRecord record = rig.call(
                    CallerScript.calling("5551000").from("5550201", "Bob").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
            assertThat(summary.outcomeReason()).isEqualTo("after_hours");
            assertThat(summary.route()).isEqualTo("after_hours");
            assertThat(rig.fakeCommands(record, "incoming"))
                    .anyMatch(c -> c.startsWith("STREAM FILE callpath/after-hours"))
                    .noneMatch(c -> c.contains("informer") || c.startsWith("EXEC Dial"));
            assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
        }
    }

    @Test
    void holidayIsClosedEvenOnAWeekdayMorning() {
        try (CallpathRig rig = rigAt(CallpathRig.defaultConfig(), CHRISTMAS_FRIDAY_10_00)) {
            CallRecord record = rig.call(
                    CallerScript.calling("5551000").from("5550202", "Bob").build());

            assertThat(rig.summary(record).outcomeReason()).isEqualTo("after_hours");
        }
    }

    @Test
    void afterHoursVoicemailDialsTheMailbox() {
        // 20:00 UTC is 23:00 in Moscow: closed
        try (CallpathRig rig = rigAt(smallConfig(), MONDAY_20_00)) {
            CallRecord record = rig.call(
                    CallerScript.calling("5553000").from("5550203", "Bob").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
            assertThat(summary.outcomeReason()).isEqualTo("voicemail");
            assertThat(record.connectedEndpoints()).containsExactly("PJSIP/vm-shop");
            assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
        }
    }

    @Test
    void russianCallerHearsTheRussianPromptsAndTheLeadSourceIsRecorded() {
        // 07:00 UTC is 10:00 in Moscow: open
        try (CallpathRig rig = rigAt(smallConfig(), Instant.parse("2026-11-23T07:00:00Z"))) {
            CallRecord record = rig.call(CallerScript.calling("5553000")
                    .from("5550204", "Борис")
                    .language("ru")
                    .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(4)))
                    .build());

            assertThat(rig.fakeCommands(record, "incoming"))
                    .anyMatch(c -> c.startsWith("STREAM FILE callpath/informer-ru "))
                    .anyMatch(c -> c.startsWith("GET DATA callpath/menu-ru "))
                    .noneMatch(c -> c.startsWith("STREAM FILE callpath/informer "));
            CallSummary summary = rig.summary(record);
            assertThat(summary.campaign()).isEqualTo("autumn");
            assertThat(summary.source()).isEqualTo("billboard");
            assertThat(summary.line()).isEqualTo("shop");
            // no whisper and no accept key in this department: connected as soon as 101 answers
            assertThat(summary.phaseMillis())
                    .containsEntry(Phase.INFORMER, 12_500L)
                    .containsEntry(Phase.MENU, 4_000L);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.timeToSellerMillis())
                    .isEqualTo(summary.phaseMillis().values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
        }
    }

    @Test
    void englishCallerOnTheSameLineHearsTheDefaultPrompts() {
        try (CallpathRig rig = rigAt(smallConfig(), Instant.parse("2026-11-23T07:00:00Z"))) {
            CallRecord record = rig.call(CallerScript.calling("5553000")
                    .from("5550205", "Bob")
                    .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(4)))
                    .build());

            assertThat(rig.fakeCommands(record, "incoming"))
                    .anyMatch(c -> c.startsWith("STREAM FILE callpath/informer "));
            assertThat(rig.summary(record).phaseMillis()).containsAllEntriesOf(Map.of(Phase.INFORMER, 10_000L));
        }
    }
}
