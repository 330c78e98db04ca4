package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ConfigLoader;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundFlowTest {

    private final FlowFixture fixture = FlowFixture.demo();

    @Test
    void keyPressedDuringTheInformerIsTheMenuChoice() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/informer", '2').dial("PJSIP/103", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/informer");
        assertThat(caller.dials())
                .singleElement()
                .asString()
                .startsWith("PJSIP/103,20,U(callpath-answered^" + FlowFixture.LINKED_ID
                        + "^seller^main^service^1795600000.250000)");
        CallEvent route = fixture.sink.only(EventType.ROUTE_CHOSEN);
        assertThat(route.attributes()).containsEntry("route", "service").containsEntry("digit", "2");
        assertThat(fixture.sink.phasesStarted()).containsExactly(Phase.INFORMER, Phase.SELLER_RINGING);
        assertThat(caller.variableSet("CALLPATH_ROUTE")).contains("service");
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void informerIsCutByItsBudgetAndTheMenuFollows() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .longerThanBudget("callpath/informer")
                .press("callpath/menu", '1')
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.playBudgets().get(0)).isEqualTo(Duration.ofSeconds(25));
        assertThat(caller.played()).containsExactly("callpath/informer", "callpath/menu");
        assertThat(fixture.sink.phasesStarted()).containsExactly(Phase.INFORMER, Phase.MENU, Phase.SELLER_RINGING);
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "sales")
                .containsEntry("digit", "1");
    }

    @Test
    void noKeyAfterEveryRetryFallsBackToTheAssistants() {
        ScriptedChannel caller = FlowFixture.caller("5551000").dial("PJSIP/201", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played())
                .containsExactly(
                        "callpath/informer",
                        "callpath/menu",
                        "callpath/no-input",
                        "callpath/menu",
                        "callpath/no-input",
                        "callpath/menu");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "assistant")
                .containsEntry("reason", "no_input");
        assertThat(caller.dials())
                .singleElement()
                .asString()
                .startsWith("PJSIP/201,10,U(callpath-answered^" + FlowFixture.LINKED_ID + "^assistant^main^^");
        assertThat(fixture.sink.phasesStarted()).containsExactly(Phase.INFORMER, Phase.MENU, Phase.ASSISTANT_RINGING);
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void invalidKeyAfterEveryRetryFallsBackToTheAssistants() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/menu", '7')
                .press("callpath/menu", '8')
                .press("callpath/menu", '9')
                .dial("PJSIP/201", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played())
                .containsExactly(
                        "callpath/informer",
                        "callpath/menu",
                        "callpath/invalid",
                        "callpath/menu",
                        "callpath/invalid",
                        "callpath/menu");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "assistant")
                .containsEntry("digit", "9")
                .containsEntry("reason", "invalid");
    }

    @Test
    void invalidKeyThenValidKeyReachesTheDepartment() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/menu", '7')
                .press("callpath/menu", '1')
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes()).containsEntry("route", "sales");
        assertThat(caller.dials()).singleElement().asString().startsWith("PJSIP/101,");
    }

    @Test
    void zeroGoesToTheAssistants() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/menu", '0').dial("PJSIP/201", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "assistant")
                .containsEntry("digit", "0");
        assertThat(caller.dials()).hasSize(1);
    }

    @Test
    void busyAssistantOverflowsStraightToTheSellers() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/menu", '0')
                .dial("PJSIP/201", "BUSY")
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).hasSize(2);
        assertThat(caller.dials().get(1))
                .startsWith("PJSIP/101,15,U(callpath-answered^" + FlowFixture.LINKED_ID + "^seller^main^sales^");
        assertThat(fixture.sink.ofType(EventType.ROUTE_CHOSEN))
                .extracting(event -> event.attribute("route") + "/" + event.attribute("reason"))
                .containsExactly("assistant/zero", "sales/assistants_busy");
        assertThat(fixture.sink.phasesStarted())
                .containsExactly(Phase.INFORMER, Phase.MENU, Phase.ASSISTANT_RINGING, Phase.SELLER_RINGING);
        assertThat(caller.variableSet("CALLPATH_ROUTE")).contains("sales");
    }

    @Test
    void assistantsNotAnsweringInTimeOverflowToTheSellers() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '0')
                .dial("PJSIP/201", "NOANSWER")
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials().get(0)).startsWith("PJSIP/201,10,");
        assertThat(caller.dials().get(1)).startsWith("PJSIP/101,");
        assertThat(fixture.sink.types()).doesNotContain(EventType.NO_SELLER, EventType.FAILED);
    }

    @Test
    void busySellerIsMissedAndTheNextSellerRings() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "BUSY")
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101", "PJSIP/102");
        assertThat(fixture.sink.only(EventType.SELLER_MISSED).attributes())
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("dialStatus", "BUSY");
        assertThat(fixture.sink.types()).doesNotContain(EventType.NO_SELLER);
    }

    @Test
    void callerCancellingTheDialIsAnAbandonNotASellerMiss() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "CANCEL")
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101");
        assertThat(fixture.sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.SELLER_RINGING);
        assertThat(fixture.sink.types()).doesNotContain(EventType.SELLER_MISSED, EventType.NO_SELLER);
    }

    @Test
    void everySellerMissingEndsWithNoSellerNoAnswer() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "NOANSWER")
                .dial("PJSIP/102", "CHANUNAVAIL");

        fixture.run("incoming", caller);

        assertThat(fixture.sink.ofType(EventType.SELLER_MISSED))
                .extracting(event -> event.attribute("dialStatus"))
                .containsExactly("NOANSWER", "CHANUNAVAIL");
        assertThat(fixture.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "no_answer");
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void repeatCallerSkipsThePromoAndRingsTheSellerTheySpokeWithFirst() {
        fixture.history.remember("5550100", "1795590000.1", "PJSIP/102", "sales", FlowFixture.OPEN.minusSeconds(3600));
        ScriptedChannel caller = FlowFixture.caller("5551000").dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played()).isEmpty();
        assertThat(caller.dials())
                .singleElement()
                .asString()
                .startsWith("PJSIP/102,15,U(callpath-answered^" + FlowFixture.LINKED_ID + "^seller^main^sales^");
        assertThat(fixture.sink.only(EventType.CALL_ARRIVED).attributes())
                .containsEntry("repeat", "true")
                .containsEntry("lastSeller", "PJSIP/102");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes()).containsEntry("reason", "repeat_caller");
    }

    @Test
    void repeatCallerWhoseLastSellerMissesGetsTheRestOfTheDepartment() {
        fixture.history.remember("5550100", "1795590000.1", "PJSIP/102", "sales", FlowFixture.OPEN.minusSeconds(3600));
        ScriptedChannel caller =
                FlowFixture.caller("5551000").dial("PJSIP/102", "NOANSWER").dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/102", "PJSIP/101");
    }

    @Test
    void callerSeenBeforeTheWindowIsANewCaller() {
        fixture.history.remember(
                "5550100", "1795500000.1", "PJSIP/102", "sales", FlowFixture.OPEN.minus(Duration.ofHours(25)));
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/informer", '1').dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/informer");
        assertThat(fixture.sink.only(EventType.CALL_ARRIVED).attributes()).containsEntry("repeat", "false");
    }

    @Test
    void outsideBusinessHoursTheCallerHearsTheAfterHoursPromptAndIsHungUp() {
        FlowFixture sunday = new FlowFixture(FlowFixture.demoConfig(), Instant.parse("2026-11-29T10:00:00Z"));
        ScriptedChannel caller = FlowFixture.caller("5551000");

        sunday.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/after-hours");
        assertThat(caller.dials()).isEmpty();
        assertThat(sunday.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "after_hours");
        assertThat(sunday.sink.only(EventType.ROUTE_CHOSEN).attributes()).containsEntry("route", "after_hours");
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void afterSixInTheEveningIsAfterHours() {
        FlowFixture evening = new FlowFixture(FlowFixture.demoConfig(), Instant.parse("2026-11-25T18:00:00Z"));
        ScriptedChannel caller = FlowFixture.caller("5551000");

        evening.run("incoming", caller);

        assertThat(evening.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "after_hours");
    }

    @Test
    void aHolidayIsAfterHoursAllDay() {
        FlowFixture christmas = new FlowFixture(FlowFixture.demoConfig(), Instant.parse("2026-12-25T11:00:00Z"));
        ScriptedChannel caller = FlowFixture.caller("5551000");

        christmas.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/after-hours");
        assertThat(christmas.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "after_hours");
    }

    @Test
    void afterHoursWithVoicemailDialsTheVoicemail() throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/callpath-before.yaml"))
                .replace(
                        "      action: hangup\n    whisper: callpath/line-main",
                        "      action: voicemail\n      voicemail: Local/vm@voicemail\n    whisper: callpath/line-main");
        FlowFixture sunday = new FlowFixture(ConfigLoader.parse(yaml, "test"), Instant.parse("2026-11-29T10:00:00Z"));
        ScriptedChannel caller = FlowFixture.caller("5551000");

        sunday.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/after-hours");
        assertThat(caller.dials()).containsExactly("Local/vm@voicemail");
        assertThat(sunday.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "voicemail");
    }

    @Test
    void promptsFollowTheCallersLanguage() throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/callpath-before.yaml"))
                .replace(
                        "      prompt: callpath/menu\n      timeout: 5s",
                        "      prompt: {default: callpath/menu, ru: callpath/menu-ru}\n      timeout: 5s");
        FlowFixture russian = new FlowFixture(ConfigLoader.parse(yaml, "test"), FlowFixture.OPEN);
        ScriptedChannel caller = new ScriptedChannel(FlowFixture.request(
                        "incoming", Map.of(), List.of("5551000"), "PJSIP/trunk-00000001", "ru", "5550100", "Ivan"))
                .evaluates(FlowFixture.IDS, FlowFixture.LINKED_ID + " " + FlowFixture.CDR_START)
                .press("callpath/menu-ru", '1')
                .dial("PJSIP/101", "ANSWER");

        russian.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/informer", "callpath/menu-ru");
        assertThat(russian.sink.only(EventType.CALL_ARRIVED).attributes()).containsEntry("language", "ru");
    }

    @Test
    void callArrivedCarriesTheLeadSourceOfTheDialledLine() {
        ScriptedChannel caller =
                FlowFixture.caller("5552000").press("callpath/menu", '2').dial("PJSIP/103", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(fixture.sink.only(EventType.CALL_ARRIVED).attributes())
                .containsEntry("line", "ads")
                .containsEntry("did", "5552000")
                .containsEntry("campaign", "radio")
                .containsEntry("source", "radio")
                .containsEntry("caller", "5550100")
                .containsEntry("t0Source", "cdr");
        assertThat(caller.played()).containsExactly("callpath/menu");
        assertThat(caller.variableSet("CALLPATH_LINE")).contains("ads");
        assertThat(caller.variableSet("CALLPATH_T0")).contains("1795600000.250000");
    }

    @Test
    void lineParameterSelectsTheLineWhateverWasDialled() {
        ScriptedChannel caller = new ScriptedChannel(FlowFixture.request(
                        "incoming",
                        Map.of("line", "ads"),
                        List.of("s"),
                        "PJSIP/trunk-00000001",
                        "en",
                        "5550100",
                        "Alice"))
                .evaluates(FlowFixture.IDS, FlowFixture.LINKED_ID + " " + FlowFixture.CDR_START);

        fixture.run("incoming", caller);

        assertThat(fixture.sink.only(EventType.CALL_ARRIVED).attributes()).containsEntry("line", "ads");
    }

    @Test
    void unknownDidFailsSoTheDialplanFallsBack() {
        ScriptedChannel caller = FlowFixture.caller("5559999");

        fixture.run("incoming", caller);

        assertThat(fixture.sink.only(EventType.FAILED).attributes())
                .containsEntry("reason", "unknown_did")
                .containsEntry("did", "5559999");
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("FAILED");
        assertThat(caller.commands()).doesNotContain("ANSWER");
    }

    @Test
    void callerHangingUpInTheMenuIsRecordedWithPhaseMenu() {
        ScriptedChannel caller = FlowFixture.caller("5551000").hangUpAt("callpath/menu");

        fixture.run("incoming", caller);

        CallEvent hungUp = fixture.sink.only(EventType.CALLER_HUNG_UP);
        assertThat(hungUp.phase()).isEqualTo(Phase.MENU);
        assertThat(fixture.sink.types()).doesNotContain(EventType.FAILED);
    }

    @Test
    void callerHangingUpAfterTalkingToTheSellerIsNotAnAbandon() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/informer", '1').dial("PJSIP/101", "ANSWER");
        int stepOfStatusDone = 0;
        fixture.run("incoming", caller);
        stepOfStatusDone = caller.commands().indexOf("SET CALLPATH_STATUS=DONE") + 1;
        FlowFixture again = FlowFixture.demo();
        ScriptedChannel hangsUp = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "ANSWER")
                .hangUpAtStep(stepOfStatusDone);

        again.run("incoming", hangsUp);

        assertThat(again.sink.types()).doesNotContain(EventType.CALLER_HUNG_UP, EventType.FAILED);
    }

    @Test
    void hostileCallerNameIsPassedOnOnlyAsData() {
        String hostile = "Eve\" 1\nEXEC System rm -rf /\nHANGUP";
        ScriptedChannel caller = new ScriptedChannel(FlowFixture.request(
                        "incoming", Map.of(), List.of("5551000"), "PJSIP/trunk-00000001", "en", "5550100", hostile))
                .evaluates(FlowFixture.IDS, FlowFixture.LINKED_ID + " " + FlowFixture.CDR_START)
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(fixture.sink.only(EventType.CALL_ARRIVED).attributes()).containsEntry("callerName", hostile);
        assertThat(caller.commands()).noneMatch(command -> command.contains("Eve") || command.contains("System"));
    }

    @Test
    void withoutCdrStartTheLinkedIdGivesT0() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .evaluates(FlowFixture.IDS, FlowFixture.LINKED_ID + " ")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", caller);

        CallEvent arrived = fixture.sink.only(EventType.CALL_ARRIVED);
        assertThat(arrived.attributes()).containsEntry("t0Source", "linkedid").containsEntry("t0", "1795600000.000000");
        assertThat(arrived.offsetMillis())
                .isEqualTo(Duration.between(Instant.ofEpochSecond(1795600000L), FlowFixture.OPEN)
                        .toMillis());
    }

    @Test
    void ringallDepartmentDialsEverySellerAtOnce() throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/callpath-before.yaml"))
                .replace(
                        "    ringTimeout: 15s\n    strategy: sequential",
                        "    ringTimeout: 15s\n    strategy: ringall");
        FlowFixture ringall = new FlowFixture(ConfigLoader.parse(yaml, "test"), FlowFixture.OPEN);
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/informer", '1').dial("PJSIP/101&PJSIP/102", "ANSWER");

        ringall.run("incoming", caller);

        assertThat(caller.dials()).singleElement().asString().startsWith("PJSIP/101&PJSIP/102,15,U(");
    }

    @Test
    void callerHangingUpDuringTheSellerConversationIsNotAnAbandon() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/informer", '1').dial("PJSIP/101", "ANSWER");
        caller.hangUpAtStep(stepOf(
                FlowFixture.caller("5551000").press("callpath/informer", '1').dial("PJSIP/101", "ANSWER"),
                "EXEC Dial PJSIP/101"));

        fixture.run("incoming", caller);

        assertThat(fixture.sink.types()).doesNotContain(EventType.CALLER_HUNG_UP, EventType.FAILED);
    }

    @Test
    void transferByTheAssistantEndingTheSessionIsNotAnAbandon() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/informer", '0').dial("PJSIP/201", "ANSWER");
        caller.hangUpAtStep(stepOf(
                FlowFixture.caller("5551000").press("callpath/informer", '0').dial("PJSIP/201", "ANSWER"),
                "EXEC Dial PJSIP/201"));

        fixture.run("incoming", caller);

        assertThat(fixture.sink.types()).doesNotContain(EventType.CALLER_HUNG_UP, EventType.FAILED);
    }

    @Test
    void callerHangingUpWhileSellersRingIsAnAbandonInSellerRinging() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/informer", '1').dial("PJSIP/101", "CANCEL");
        caller.hangUpAtStep(
                stepOf(FlowFixture.caller("5551000").press("callpath/informer", '1'), "EXEC Dial PJSIP/101"));

        fixture.run("incoming", caller);

        assertThat(fixture.sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.SELLER_RINGING);
    }

    @Test
    void repeatCallerWithoutAKnownSellerSkipsOnlyThePromo() {
        fixture.history.remember("5550100", "1795590000.1", null, null, FlowFixture.OPEN.minusSeconds(60));
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/menu", '2').dial("PJSIP/103", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/menu");
        assertThat(fixture.sink.only(EventType.CALL_ARRIVED).attributes()).containsEntry("repeat", "true");
    }

    /** The 1-based step at which a dry run of the same script sends a command starting with {@code prefix}. */
    private static int stepOf(ScriptedChannel dryRun, String prefix) {
        FlowFixture.demo().run("incoming", dryRun);
        for (int index = 0; index < dryRun.commands().size(); index++) {
            if (dryRun.commands().get(index).startsWith(prefix)) {
                return index + 1;
            }
        }
        throw new AssertionError(prefix + " never sent: " + dryRun.commands());
    }
}
