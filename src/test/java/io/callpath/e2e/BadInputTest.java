package io.callpath.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken input through the whole server and the real flows. Each case checks that the server stays up
 * (a normal call right after reaches a seller), that the session thread is released, that the call has an outcome,
 * and that the log says what happened in one line.
 */
class BadInputTest {

    private static final String MAIN_DID = "5551000";

    private final CapturedLog log = new CapturedLog();
    private final CallpathRig rig = new CallpathRig(CallpathRig.defaultConfig());

    @AfterEach
    void stop() {
        try {
            rig.close();
        } finally {
            log.close();
        }
    }

    /** The server is still up and routes a normal call: menu key 1, seller 101 accepts. */
    private void normalCallStillReachesASeller() {
        rig.awaitIdle();
        CallRecord record = rig.call(CallerScript.calling(MAIN_DID)
                .from("5550999", "Normal")
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                .build());
        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
        assertThat(summary.timeToSellerMillis()).isEqualTo(19_000L);
        assertThat(rig.server.activeSessions()).isZero();
    }

    private String idsReply(String linkedId) {
        Instant now = rig.time.now();
        return "200 result=1 (" + linkedId + " " + now.getEpochSecond() + "."
                + String.format("%06d", now.getNano() / 1000) + ")\n";
    }

    private CallSummary summaryOf(String linkedId) {
        return rig.events.summary(linkedId).orElseThrow(() -> new AssertionError("no events for " + linkedId));
    }

    @Test
    void garbageInsteadOfAnAgiHeaderIsClosedWithOneWarning() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send("GET / HTTP/1.1\r\nHost: callpath\r\n\r\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        assertThat(log.oneLine("not an agi_ header line: GET / HTTP/1.1").getLevel())
                .isEqualTo(Level.WARN);
        // no header, no channel: there is no call to give an outcome to, the warning is the record
        assertThat(rig.events.summaries()).isEmpty();
        normalCallStillReachesASeller();
    }

    @Test
    void headerThatNeverEndsIsCutAtTheHeaderTimeout() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send("agi_network: yes\nagi_network_script: incoming\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        assertThat(log.oneLine("header not complete within 700 ms").getLevel()).isEqualTo(Level.WARN);
        assertThat(rig.events.summaries()).isEmpty();
        normalCallStillReachesASeller();
    }

    @Test
    void oneMegabyteLineIsRefusedWithoutBufferingIt() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), rig.server.port())) {
            byte[] line = new byte[1 << 20];
            Arrays.fill(line, (byte) 'a');
            line[line.length - 1] = '\n';
            OutputStream out = socket.getOutputStream();
            try {
                out.write("agi_network: yes\nagi_calleridname: ".getBytes(StandardCharsets.UTF_8));
                out.write(line);
                out.flush();
            } catch (IOException resetByServer) {
                // the server closes as soon as the line passes its limit: the rest of the megabyte is refused
            }
            socket.setSoTimeout(5_000);
            try {
                assertThat(socket.getInputStream().read())
                        .as("server closes without replying")
                        .isEqualTo(-1);
            } catch (IOException reset) {
                // closed with unread bytes pending: a reset is a close too
            }
        }
        rig.awaitIdle();
        assertThat(log.oneLine("header line longer than").getLevel()).isEqualTo(Level.WARN);
        normalCallStillReachesASeller();
    }

    @Test
    void peerFallingSilentMidCallFailsTheCallAfterTheCommandTimeout() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.901", MAIN_DID));
            assertThat(peer.answerUntil("ANSWER", idsReply("1795428000.901"))).isEqualTo("ANSWER");
            // silence: the server gives up after server.commandTimeout, tries to set FAILED, gives up again
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        CallSummary summary = summaryOf("1795428000.901");
        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("channel_failure");
        assertThat(log.oneLine("ending=failed: Asterisk did not answer ANSWER within 1500 ms")
                        .getLevel())
                .isEqualTo(Level.WARN);
        normalCallStillReachesASeller();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "520 Invalid command syntax.  Proper usage not available.\n",
                "520-Invalid command syntax.  Proper usage follows:\n Usage: ANSWER\n Example return code: 200 result=1 (testvariable)\n520 End of proper usage.\n",
                "510 Invalid or unknown command\n"
            })
    void errorReplyFailsTheCallAndTellsTheDialplan(String reply) throws Exception {
        String linkedId = "1795428000.9" + Math.abs(reply.hashCode() % 100);
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader(linkedId, MAIN_DID));
            peer.answerUntil("ANSWER", idsReply(linkedId));
            peer.send(reply);
            // the usage text's "200 result=1 (testvariable)" must not be taken for the next command's reply
            assertThat(peer.nextCommand()).isEqualTo("SET VARIABLE CALLPATH_STATUS \"FAILED\"");
            peer.send("200 result=1\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        CallSummary summary = summaryOf(linkedId);
        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("channel_failure");
        assertThat(log.oneLine(
                                reply.startsWith("510")
                                        ? "ending=failed: Asterisk does not know the command ANSWER"
                                        : "ending=failed: Asterisk rejected the syntax of ANSWER")
                        .getLevel())
                .isEqualTo(Level.WARN);
        normalCallStillReachesASeller();
    }

    @Test
    void deadChannelReplyAfterHangupIsAnAbandonInThePhaseItHappened() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.911", MAIN_DID));
            peer.answerUntil("ANSWER", idsReply("1795428000.911"));
            peer.send("200 result=0\nHANGUP\n");
            assertThat(peer.nextCommand()).startsWith("STREAM FILE callpath/informer");
            peer.send("511 Command Not Permitted on a dead channel or intercept routine\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        CallSummary summary = summaryOf("1795428000.911");
        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.INFORMER);
        assertThat(log.oneLine("ending=caller_hung_up phase=informer").getLevel())
                .isEqualTo(Level.INFO);
        normalCallStillReachesASeller();
    }

    @Test
    void hangupBetweenCommandsIsAnAbandon() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.912", MAIN_DID));
            peer.answerUntil("ANSWER", idsReply("1795428000.912"));
            // the caller left while no command ran: Asterisk says HANGUP at once, then refuses ANSWER
            peer.send("HANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        assertThat(summaryOf("1795428000.912").outcome()).isEqualTo(Outcome.ABANDONED);
        log.oneLine("ending=caller_hung_up");
        normalCallStillReachesASeller();
    }

    @Test
    void hangupDuringAPromptIsAnAbandonInThatPrompt() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.913", MAIN_DID));
            peer.answerUntil("STREAM FILE callpath/informer", idsReply("1795428000.913"));
            peer.send("200 result=-1 endpos=12000\nHANGUP\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        CallSummary summary = summaryOf("1795428000.913");
        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.INFORMER);
        log.oneLine("ending=caller_hung_up phase=informer");
        normalCallStillReachesASeller();
    }

    @Test
    void hangupAfterTheLastCommandChangesNothing() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.914", "5559999"));
            peer.answerUntil("SET VARIABLE CALLPATH_STATUS", idsReply("1795428000.914"));
            peer.send("200 result=1\nHANGUP\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        CallSummary summary = summaryOf("1795428000.914");
        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("unknown_did");
        log.oneLine("no line has DID '5559999'");
        normalCallStillReachesASeller();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Eve\nMallory", "Eve \"the\" Spy", "\"\nHANGUP", "Eve\r\nEXEC Dial PJSIP/666"})
    void hostileCallerNameNeverSplitsACommand(String name) {
        CallRecord record = rig.call(CallerScript.calling(MAIN_DID)
                .from("5550401", name)
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
        assertThat(summary.timeToSellerMillis()).isEqualTo(19_000L);
        assertThat(record.sessions())
                .flatExtracting(s -> s.commands())
                .noneMatch(command ->
                        command.equals("HANGUP") || command.contains("PJSIP/666") || command.contains("Mallory"));
        CallEvent arrived = rig.events.events(record.linkedId()).stream()
                .filter(e -> e.type() == EventType.CALL_ARRIVED)
                .findFirst()
                .orElseThrow();
        // a CR before the newline is dropped with the line ending, as Asterisk's own line reader would
        assertThat(arrived.attribute("callerName")).isEqualTo(name.replace("\r\n", "\n"));
        // one warning per session on the caller's channel (incoming, hangup) when the name broke a header line
        int brokenLines = name.contains("\n")
                ? record.sessions("incoming").size() + record.sessions("hangup").size()
                : 0;
        assertThat(log.containing("went on over a line break"))
                .hasSize(brokenLines)
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("\n"));
        normalCallStillReachesASeller();
    }

    @Test
    void callerNameAndNumberOverEightKilobytesAreCutAndTheCallIsServedAndRecorded() {
        String number = "5".repeat(9_000);
        String name = "Ж".repeat(5_000);
        CallRecord record = rig.call(CallerScript.calling(MAIN_DID)
                .from(number, name)
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
        assertThat(summary.timeToSellerMillis()).isEqualTo(19_000L);
        CallEvent arrived = rig.events.events(record.linkedId()).stream()
                .filter(e -> e.type() == EventType.CALL_ARRIVED)
                .findFirst()
                .orElseThrow();
        assertThat(arrived.attribute("caller")).isEqualTo("5".repeat(64));
        assertThat(arrived.attribute("callerName")).isEqualTo("Ж".repeat(256));
        assertThat(arrived.attribute("callerCut")).isEqualTo("true");
        assertThat(log.containing("values cut to 8192 bytes: [agi_callerid, agi_calleridname]"))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.getLevel()).isEqualTo(Level.WARN));
        normalCallStillReachesASeller();
    }

    @Test
    void junkLineBeforeTheFirstCommandDoesNotShiftTheReplies() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            // a reply-looking line nobody asked for, right after the header: it must not answer the first command
            peer.send(RawPeer.incomingHeader("1795428000.931", MAIN_DID) + "200 result=1 (1795428000.999 1.0)\n");
            peer.answerUntil("STREAM FILE callpath/informer", idsReply("1795428000.931"));
            peer.send("200 result=-1 endpos=12000\nHANGUP\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        assertThat(rig.events.summary("1795428000.999"))
                .as("the junk line's id")
                .isEmpty();
        CallSummary summary = summaryOf("1795428000.931");
        assertThat(summary.outcome()).isEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isEqualTo(Phase.INFORMER);
        assertThat(log.oneLine("dropped a line Asterisk sent while no command ran")
                        .getLevel())
                .isEqualTo(Level.WARN);
        normalCallStillReachesASeller();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1795428000.94,1", "1795428000.94^x", "1795428000.94|x", "1795428000.94)"})
    void unusableLinkedIdIsRefusedAsBadInputInOneLine(String linkedId) throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.941", MAIN_DID));
            assertThat(peer.nextCommand()).startsWith("GET FULL VARIABLE");
            peer.send("200 result=1 (" + linkedId + " 1795428000.000000)\n");
            assertThat(peer.nextCommand()).isEqualTo("SET VARIABLE CALLPATH_STATUS \"FAILED\"");
            peer.send("200 result=1\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        rig.awaitIdle();
        CallSummary summary = summaryOf("1795428000.941");
        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("bad_input");
        assertThat(log.oneLine("holds a character Asterisk never puts in one").getLevel())
                .isEqualTo(Level.WARN);
        assertThat(log.all()).noneMatch(line -> line.getLevel() == Level.ERROR || line.getThrowableProxy() != null);
        normalCallStillReachesASeller();
    }

    @Test
    void garbageFirstReplyThenTheHangUpHandlerIsAFailureNotTheCallersAbandon() throws Exception {
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.951", MAIN_DID));
            assertThat(peer.nextCommand()).startsWith("GET FULL VARIABLE");
            peer.send("hello from a broken proxy\n");
            assertThat(peer.nextCommand()).isEqualTo("SET VARIABLE CALLPATH_STATUS \"FAILED\"");
            peer.send("200 result=1\n");
            assertThat(peer.closedByServer()).isTrue();
        }
        hangUpHandler("1795428000.951");
        CallSummary summary = summaryOf("1795428000.951");
        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("channel_failure");
        assertThat(summary.endedAt()).isNotNull();
        normalCallStillReachesASeller();
    }

    @Test
    void callWhoseSessionWasCutInTheMenuIsInterruptedNotAbandoned() throws Exception {
        // what a crash of callpath leaves: the session stops answering in the menu, the hang-up handler comes later
        try (RawPeer peer = RawPeer.connect(rig.server.port())) {
            peer.send(RawPeer.incomingHeader("1795428000.961", MAIN_DID));
            peer.answerUntil("GET DATA callpath/menu", idsReply("1795428000.961"));
        }
        rig.awaitIdle();
        hangUpHandler("1795428000.961");
        CallSummary summary = summaryOf("1795428000.961");
        assertThat(summary.outcome()).isNotEqualTo(Outcome.ABANDONED);
        assertThat(summary.abandonPhase()).isNull();
        normalCallStillReachesASeller();
    }

    /** The caller leg's hang-up handler session, as Asterisk runs it on the dead channel. */
    private void hangUpHandler(String linkedId) throws Exception {
        try (RawPeer handler = RawPeer.connect(rig.server.port())) {
            handler.send(RawPeer.incomingHeader(linkedId, MAIN_DID)
                    .replace("agi_network_script: incoming", "agi_network_script: hangup?leg=caller")
                    .replace("agi_arg_1: " + MAIN_DID, "agi_arg_1: " + linkedId));
            assertThat(handler.nextCommand()).startsWith("GET FULL VARIABLE");
            handler.send("200 result=1 (" + linkedId + "|16||)\n");
            assertThat(handler.closedByServer()).isTrue();
        }
        rig.awaitIdle();
    }

    @Test
    void unknownScriptIsRefusedAndRecorded() {
        CallRecord record = rig.call(CallerScript.calling(MAIN_DID)
                .from("5550402", "Bob")
                .script("incomming", MAIN_DID)
                // a Local channel's uniqueid is not its call's linkedid: the server asks for the linkedid before
                // refusing
                .channel("Local/5551000@incoming-000000aa;2", "1795428000.921", "1795428000.920")
                .build());

        assertThat(record.variable("CALLPATH_STATUS")).contains("UNKNOWN_SCRIPT");
        CallSummary summary = summaryOf("1795428000.920");
        assertThat(summary.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(summary.outcomeReason()).isEqualTo("unknown_script");
        assertThat(rig.events.summary("1795428000.921"))
                .as("no phantom row under the channel's uniqueid")
                .isEmpty();
        assertThat(log.oneLine("unknown FastAGI script 'incomming'").getLevel()).isEqualTo(Level.WARN);
        normalCallStillReachesASeller();
    }

    @Test
    void answeredSessionOfACallThisServerNeverSawWhispersFromItsArguments() {
        Instant t0 = rig.time.now().minusSeconds(12);
        String t0Text = t0.getEpochSecond() + ".000000";
        CallRecord record = rig.call(CallerScript.calling("")
                .script("answered", "1795427000.77", "seller", "main", "sales", t0Text)
                .channel("PJSIP/101-0000abcd", "1795427000.80", "1795427000.77")
                .dialplan("callpath-answered", "s", 1)
                .noHangupHandler()
                .pressInPrompt("callpath/line-main", Duration.ofSeconds(1), '1')
                .build());

        assertThat(record.session("answered").orElseThrow().commands())
                .anyMatch(c -> c.startsWith("STREAM FILE callpath/line-main"));
        assertThat(rig.events.events("1795427000.77"))
                .extracting(CallEvent::type, CallEvent::offsetMillis)
                .containsExactly(
                        tuple(EventType.SELLER_ANSWERED, 12_000L),
                        tuple(EventType.PHASE_STARTED, 12_000L),
                        tuple(EventType.SELLER_CONNECTED, 13_000L));
        CallSummary summary = summaryOf("1795427000.77");
        assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
        assertThat(summary.timeToSellerMillis()).isEqualTo(13_000L);
        log.oneLine("seller PJSIP/101 answered call 1795427000.77");
        normalCallStillReachesASeller();
    }
}
