package io.callpath.e2e;

import static io.callpath.e2e.CallpathRig.mainLineCaller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real Asterisk 22 showed and the first fake could not play: a seller or a caller hanging up inside the
 * whisper (Dial's U() gosub), repeat callers of a seller listed in two departments, t0 to the microsecond.
 */
class WhisperAndArrivalTest {

    private static final String MAIN_DID = "5551000";

    private static CallerScript.Builder salesCaller(String number) {
        return mainLineCaller(number).cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)));
    }

    @Test
    void sellerWhoHangsUpInTheWhisperPassesTheCallerToTheNextSeller() {
        Endpoint hangsUpInWhisper = Endpoint.answersAfter(Duration.ofSeconds(4))
                .talking(Duration.ofSeconds(60))
                .withCues(List.of(Cue.hangUpInPrompt("callpath/line-main", Duration.ofSeconds(1))));
        try (CallpathRig rig = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbx().endpoint("PJSIP/101", hangsUpInWhisper).build(),
                CallpathRig.MONDAY_10_00)) {
            CallRecord record = rig.call(salesCaller("5550201").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.seller()).isEqualTo("PJSIP/102");
            // the dead leg's GOSUB_RESULT=BUSY made Dial say BUSY and return, instead of ANSWER and the end of the call
            assertThat(record.dialStatuses()).containsExactly("BUSY", "ANSWER");
            assertThat(rig.events.events(record.linkedId()))
                    .filteredOn(e -> e.type() == EventType.SELLER_DECLINED)
                    .extracting(e -> e.attribute("seller"), e -> e.attribute("reason"))
                    .containsExactly(tuple("PJSIP/101", "hung_up"));
            // informer 10 s, menu 3 s; 101 rings 4 s and hangs up 1 s into the whisper; 102 rings 4 s, accepts 2 s in
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            Phase.INFORMER,
                            10_000L,
                            Phase.MENU,
                            3_000L,
                            Phase.SELLER_RINGING,
                            8_000L,
                            Phase.WHISPER,
                            3_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(24_000L);
            assertThat(record.answeredBy()).contains("PJSIP/102");
        }
    }

    @Test
    void callerWhoHangsUpDuringTheWhisperIsAnAbandonInTheWhisper() {
        try (CallpathRig rig = new CallpathRig(CallpathRig.defaultConfig())) {
            // 101 rings 4 s; the caller hangs up 1 s into the whisper; 101 accepts 2 s in, to nobody
            CallRecord record = rig.call(
                    salesCaller("5550202").hangUpInDial(Duration.ofSeconds(5)).build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
            assertThat(summary.abandonPhase()).isEqualTo(Phase.WHISPER);
            assertThat(summary.seller()).isNull();
            assertThat(summary.tSeller()).isNull();
            // Asterisk still bridges the dead caller leg: Dial says ANSWER
            assertThat(record.dialStatuses()).containsExactly("ANSWER");
            assertThat(rig.events.events(record.linkedId()))
                    .extracting(CallEvent::type)
                    .doesNotContain(EventType.SELLER_CONNECTED)
                    .contains(EventType.CALLER_HUNG_UP, EventType.CALL_ENDED);
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            Phase.INFORMER,
                            10_000L,
                            Phase.MENU,
                            3_000L,
                            Phase.SELLER_RINGING,
                            4_000L,
                            Phase.WHISPER,
                            2_000L));
        }
    }

    @Test
    void callerWhoHangsUpDuringTheWhisperOfASellerWhoThenDeclinesIsAnAbandonInTheWhisper() {
        Endpoint neverAccepts = Endpoint.answersAfter(Duration.ofSeconds(4)).talking(Duration.ofSeconds(60));
        try (CallpathRig rig = new CallpathRig(
                CallpathRig.defaultConfig(),
                CallpathRig.pbx().endpoint("PJSIP/101", neverAccepts).build(),
                CallpathRig.MONDAY_10_00)) {
            // 101 rings 4 s; the caller hangs up 1 s into the whisper; 101 hears it out (line 3 s, department 2 s,
            // accept prompt 1 s) and lets the 5 s accept timeout pass: its gosub says BUSY to a caller who is gone
            CallRecord record = rig.call(
                    salesCaller("5550206").hangUpInDial(Duration.ofSeconds(5)).build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
            assertThat(summary.abandonPhase()).isEqualTo(Phase.WHISPER);
            assertThat(summary.seller()).isNull();
            assertThat(summary.tSeller()).isNull();
            // Dial says BUSY (the gosub's verdict), not CANCEL; 102 is never rung for the caller who left
            assertThat(record.dialStatuses()).containsExactly("BUSY");
            assertThat(rig.fakeCommands(record, "incoming"))
                    .filteredOn(command -> command.startsWith("EXEC Dial"))
                    .singleElement()
                    .asString()
                    .startsWith("EXEC Dial \"PJSIP/101,");
            List<CallEvent> events = rig.events.events(record.linkedId());
            assertThat(events)
                    .filteredOn(e -> e.type() == EventType.SELLER_DECLINED)
                    .extracting(e -> e.attribute("seller"), e -> e.attribute("reason"))
                    .containsExactly(tuple("PJSIP/101", "no_key"));
            assertThat(events)
                    .filteredOn(e -> e.type() == EventType.SELLER_MISSED)
                    .extracting(e -> e.attribute("seller"), e -> e.attribute("dialStatus"))
                    .containsExactly(tuple("PJSIP/101", "BUSY"));
            List<CallEvent> hungUp = events.stream()
                    .filter(e -> e.type() == EventType.CALLER_HUNG_UP)
                    .toList();
            assertThat(hungUp).extracting(CallEvent::phase).containsExactly(Phase.WHISPER);
            assertThat(events)
                    .extracting(CallEvent::type)
                    .doesNotContain(EventType.SELLER_CONNECTED, EventType.NO_SELLER);
            // the wait ends when the caller's session learns of the hang-up, as Dial returns; the phases still
            // partition it
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            Phase.INFORMER,
                            10_000L,
                            Phase.MENU,
                            3_000L,
                            Phase.SELLER_RINGING,
                            4_000L,
                            Phase.WHISPER,
                            11_000L));
            assertThat(summary.waitedMillis()).isEqualTo(hungUp.get(0).offsetMillis());
        }
    }

    @Test
    void callerStillThereAtTheEndOfTheWhisperReachesTheSeller() {
        try (CallpathRig rig = new CallpathRig(CallpathRig.defaultConfig())) {
            // hangs up 10 s into the conversation, after the whisper (4 s ring + 2 s whisper)
            CallRecord record = rig.call(
                    salesCaller("5550203").hangUpInDial(Duration.ofSeconds(16)).build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.seller()).isEqualTo("PJSIP/101");
            assertThat(summary.timeToSellerMillis()).isEqualTo(19_000L);
        }
    }

    @Test
    void repeatCallerGoesBackToTheDepartmentOfTheirPreviousCall(@TempDir Path directory) throws IOException {
        // 101 sells for both departments; sales lists it first
        String yaml = Files.readString(Path.of("src/test/resources/callpath-before.yaml"))
                .replace("sellers: [PJSIP/103]", "sellers: [PJSIP/101, PJSIP/103]");
        Path file = directory.resolve("callpath.yaml");
        Files.writeString(file, yaml);
        CallpathConfig config = ConfigLoader.load(file);
        try (CallpathRig rig = new CallpathRig(config, CallpathRig.pbx().build(), CallpathRig.MONDAY_10_00)) {
            CallRecord first = rig.call(CallerScript.calling(MAIN_DID)
                    .from("5550204", "Bob")
                    .cue(Cue.pressInNextGetData('2', Duration.ofSeconds(3)))
                    .build());
            assertThat(rig.summary(first).seller()).isEqualTo("PJSIP/101");
            assertThat(rig.summary(first).sellerDepartment()).isEqualTo("service");
            rig.time.advance(Duration.ofHours(1));

            CallRecord second = rig.call(
                    CallerScript.calling(MAIN_DID).from("5550204", "Bob").build());

            CallSummary summary = rig.summary(second);
            assertThat(summary.repeatCaller()).isTrue();
            assertThat(summary.route()).isEqualTo("service");
            assertThat(summary.sellerDepartment()).isEqualTo("service");
            assertThat(rig.fakeCommands(second, "incoming"))
                    .filteredOn(c -> c.startsWith("EXEC Dial"))
                    .first()
                    .asString()
                    .startsWith("EXEC Dial \"PJSIP/101,20,U(callpath-answered^" + second.linkedId()
                            + "^seller^main^service^");
            // the seller hears the service whisper, not the sales one
            assertThat(rig.fakeCommands(second, "answered"))
                    .anyMatch(c -> c.startsWith("STREAM FILE callpath/dept-service"))
                    .noneMatch(c -> c.contains("dept-sales"));
        }
    }

    @Test
    void t0KeepsTheMicrosecondsOfTheCallersChannelCreation() {
        try (CallpathRig rig = new CallpathRig(CallpathRig.defaultConfig())) {
            // 0.4 ms before the fake's clock: whole-millisecond offsets would put t0 0.6 ms late
            String cdrStart = (CallpathRig.MONDAY_10_00.getEpochSecond() - 1) + ".999600";
            CallRecord record =
                    rig.call(salesCaller("5550205").cdrStart(cdrStart).build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.t0())
                    .isEqualTo(Instant.ofEpochSecond(CallpathRig.MONDAY_10_00.getEpochSecond() - 1, 999_600_000));
            assertThat(summary.tSeller()).isEqualTo(summary.t0().plusMillis(summary.timeToSellerMillis()));
        }
    }
}
