package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ServerSettings;
import io.callpath.flow.CallerHungUpException;
import io.callpath.flow.ChannelFailureException;
import io.callpath.flow.Playback;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketAgiChannelTest {

    private static final String USAGE_520 = "520-Invalid command syntax.  Proper usage follows:\n"
            + "Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set. Returns <literal>1</literal>"
            + " if <replaceable>variablename</replaceable> is set and returns the variable in parentheses.\n"
            + "Example return code: 200 result=1 (testvariable)\n"
            + "520 End of proper usage.\n";

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void stopServers() {
        fixture.close();
    }

    private FastAgiServer serverRunning(ServerFixture.Body body) {
        fixture.script("t", body);
        return fixture.start();
    }

    @Test
    void peerSilentMidCallFailsAfterTheCommandTimeout() throws Exception {
        fixture.script("t", channel -> channel.variable("X"));
        FastAgiServer server = fixture.start(ServerFixture.settings(Duration.ofMillis(300)));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.nextCommand()).isEqualTo("GET VARIABLE X");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome())
                .isInstanceOf(ChannelFailureException.class)
                .hasToString(ChannelFailureException.class.getName()
                        + ": Asterisk did not answer GET VARIABLE X within 300 ms");
        fixture.assertServesNextSession(server);
    }

    @Test
    void oneLine520FailsAndTheNextSessionIsServed() throws Exception {
        FastAgiServer server = serverRunning(channel -> channel.variable("X"));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("GET VARIABLE X", "520 Invalid command syntax.  Proper usage not available.\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat((Throwable) fixture.nextOutcome())
                .isInstanceOf(ChannelFailureException.class)
                .hasMessageContaining("GET VARIABLE X");
        fixture.assertServesNextSession(server);
    }

    @Test
    void multiLine520IsReadToItsEndSoTheExampleReplyIsNotTakenForTheNextReply() throws Exception {
        FastAgiServer server = serverRunning(channel -> {
            try {
                channel.variable("X");
                return "no failure";
            } catch (ChannelFailureException expected) {
                return expected.getMessage() + " | next="
                        + channel.variable("Y").orElse("?");
            }
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("GET VARIABLE X", USAGE_520);
            peer.expect("GET VARIABLE Y", "200 result=1 (y)\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo("Asterisk rejected the syntax of GET VARIABLE X | next=y");
        fixture.assertServesNextSession(server);
    }

    @Test
    void unknownCommand510FailsNamingTheCommand() throws Exception {
        FastAgiServer server = serverRunning(channel -> channel.exec("Playback", "beep"));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("EXEC Playback \"beep\"", "510 Invalid or unknown command\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat((Throwable) fixture.nextOutcome())
                .isInstanceOf(ChannelFailureException.class)
                .hasMessageContaining("EXEC Playback \"beep\"");
        fixture.assertServesNextSession(server);
    }

    @Test
    void mediaCommandAfterHangUpGets511AndThrowsHungUp() throws Exception {
        FastAgiServer server = serverRunning(channel -> {
            Optional<String> status = channel.variable("DIALSTATUS");
            try {
                channel.answer();
                return "answered";
            } catch (CallerHungUpException hungUp) {
                return status.orElse("?") + " hungUp=" + channel.hungUp();
            }
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("GET VARIABLE DIALSTATUS", "200 result=1 (ANSWER)\n");
            peer.expect("ANSWER", "511 Command Not Permitted on a dead channel or intercept routine\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo("ANSWER hungUp=true");
        fixture.assertServesNextSession(server);
    }

    @Test
    void hangUpLinesBeforeDuringAndAfterCommandsAreNotedAndSkipped() throws Exception {
        FastAgiServer server = serverRunning(channel -> {
            String first = channel.variable("A").orElse("?");
            boolean hungUpAfterFirst = channel.hungUp();
            String second = channel.variable("B").orElse("?");
            channel.setVariable("C", "x");
            return first + " " + second + " " + hungUpAfterFirst + " " + channel.hungUp();
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.send("HANGUP\n");
            peer.expect("GET VARIABLE A", "200 result=1 (a)\n");
            assertThat(peer.nextCommand()).isEqualTo("GET VARIABLE B");
            peer.send("HAN");
            peer.send("GUP\n200 res");
            peer.send("ult=1 (b)\nHANGUP\n");
            peer.expect("SET VARIABLE C \"x\"", "200 result=1\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo("a b true true");
        fixture.assertServesNextSession(server);
    }

    @Test
    void hangUpHangUpAndEndOfStreamThrowsHungUp() throws Exception {
        FastAgiServer server = serverRunning(channel -> {
            Playback playback = channel.play("demo-congrats", "#", Duration.ofSeconds(5));
            channel.variable("X");
            return playback;
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("STREAM FILE demo-congrats \"#\"", "200 result=-1 endpos=12000\nHANGUP\nHANGUP\n");
        }
        assertThat(fixture.nextOutcome()).isInstanceOf(CallerHungUpException.class);
        fixture.assertServesNextSession(server);
    }

    @Test
    void endOfStreamAfterHangUpLinesThrowsHungUpOnTheNextCommand() throws Exception {
        FastAgiServer server = serverRunning(channel -> {
            channel.answer();
            return channel.variable("X");
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("ANSWER", "200 result=0\nHANGUP\nHANGUP\n");
        }
        assertThat(fixture.nextOutcome()).isInstanceOf(CallerHungUpException.class);
        fixture.assertServesNextSession(server);
    }

    @Test
    void endOfStreamWithoutHangUpIsAFailure() throws Exception {
        FastAgiServer server = serverRunning(channel -> channel.variable("X"));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.nextCommand()).isEqualTo("GET VARIABLE X");
        }
        assertThat(fixture.nextOutcome()).isInstanceOf(ChannelFailureException.class);
        fixture.assertServesNextSession(server);
    }

    @Test
    void hostileCallerNameStaysOneCommandLine() throws Exception {
        String hostile = "Eve\"\nHANGUP\r\nEXEC System \"rm\" \\";
        FastAgiServer server = serverRunning(channel -> {
            channel.setVariable("CALLER_NAME", hostile);
            channel.verbose("caller " + hostile);
            return channel.evaluate("${CALLERID(name)}\n");
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("SET VARIABLE CALLER_NAME \"Eve\\\" HANGUP  EXEC System \\\"rm\\\" \\\\\"", "200 result=1\n");
            peer.expect("VERBOSE \"caller Eve\\\" HANGUP  EXEC System \\\"rm\\\" \\\\\" 1", "200 result=1\n");
            peer.expect("GET FULL VARIABLE \"${CALLERID(name)} \"", "200 result=1 (Eve)\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("Eve"));
        fixture.assertServesNextSession(server);
    }

    @Test
    void commandsLongerThanTheWriteBufferArriveWholeOnOneLine() throws Exception {
        String longValue = "Ω".repeat(3000);
        FastAgiServer server = serverRunning(channel -> {
            channel.setVariable("LONG", longValue);
            channel.setVariable("SHORT", "x");
            return "sent";
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("SET VARIABLE LONG \"" + longValue + "\"", "200 result=1\n");
            peer.expect("SET VARIABLE SHORT \"x\"", "200 result=1\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo("sent");
    }

    @Test
    void playReportsDigitPlayedOutMissingFileAndHangUp() throws Exception {
        FastAgiServer server = serverRunning(channel -> {
            Duration budget = Duration.ofSeconds(5);
            List<Object> seen = new java.util.ArrayList<>();
            seen.add(channel.play("informer", "0123456789#*", budget));
            seen.add(channel.play("beep", "", budget));
            seen.add(channel.play("no-such-sound", "", budget));
            try {
                channel.play("menu", "12", budget);
            } catch (CallerHungUpException hungUp) {
                seen.add("hung up");
            }
            return seen;
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("STREAM FILE informer \"0123456789#*\"", "200 result=49 endpos=13280\n");
            peer.expect("STREAM FILE beep \"\"", "200 result=0 endpos=3404\n");
            peer.expect("STREAM FILE no-such-sound \"\"", "200 result=-1 endpos=0\n");
            peer.expect("STREAM FILE menu \"12\"", "200 result=-1 endpos=12000\nHANGUP\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome())
                .isEqualTo(
                        List.of(Playback.interruptedBy('1'), Playback.playedOut(), Playback.missingFile(), "hung up"));
        fixture.assertServesNextSession(server);
    }

    @Test
    void playPastItsBudgetIsStoppedByNoop() throws Exception {
        FastAgiServer server = serverRunning(channel ->
                List.of(channel.play("informer", "0123456789#*", Duration.ofMillis(200)), channel.variable("NEXT")));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.nextCommand()).isEqualTo("STREAM FILE informer \"0123456789#*\"");
            // As real Asterisk does: the NOOP aborts STREAM FILE, which then never replies.
            peer.expect("NOOP", "200 result=0\n");
            peer.expect("GET VARIABLE NEXT", "200 result=1 (n)\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(List.of(Playback.budgetExhausted(), Optional.of("n")));
        fixture.assertServesNextSession(server);
    }

    @Test
    void playWhoseReplyRacesTheNoopReadsBothReplies() throws Exception {
        FastAgiServer server = serverRunning(channel -> List.of(
                channel.play("informer", "", Duration.ofMillis(200)),
                channel.play("informer", "1", Duration.ofMillis(200)),
                channel.variable("NEXT")));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.nextCommand()).isEqualTo("STREAM FILE informer \"\"");
            peer.expect("NOOP", "200 result=0 endpos=3404\n200 result=0\n");
            assertThat(peer.nextCommand()).isEqualTo("STREAM FILE informer \"1\"");
            peer.expect("NOOP", "200 result=49 endpos=1000\n200 result=0\n");
            peer.expect("GET VARIABLE NEXT", "200 result=1 (n)\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome())
                .isEqualTo(List.of(Playback.playedOut(), Playback.interruptedBy('1'), Optional.of("n")));
        fixture.assertServesNextSession(server);
    }

    @Test
    void digitsAreReadFromGetDataAndWaitForDigit() throws Exception {
        FastAgiServer server = serverRunning(channel -> List.of(
                channel.readDigit("menu", Duration.ofSeconds(5)),
                channel.readDigit("beep", Duration.ofMillis(1500)),
                channel.waitForDigit(Duration.ofSeconds(5)),
                channel.waitForDigit(Duration.ofMillis(1500))));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("GET DATA menu 5000 1", "200 result=2\n");
            peer.expect("GET DATA beep 1500 1", "200 result= (timeout)\n");
            peer.expect("WAIT FOR DIGIT 5000", "200 result=51\n");
            peer.expect("WAIT FOR DIGIT 1500", "200 result=0\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome())
                .isEqualTo(List.of(Optional.of('2'), Optional.empty(), Optional.of('3'), Optional.empty()));
    }

    @Test
    void digitWaitsThatSeeMinusOneThrowHungUp() throws Exception {
        FastAgiServer server = serverRunning(channel -> {
            try {
                channel.readDigit("menu", Duration.ofSeconds(5));
                return "no hang-up";
            } catch (CallerHungUpException first) {
                try {
                    channel.waitForDigit(Duration.ofSeconds(1));
                    return "one hang-up";
                } catch (CallerHungUpException second) {
                    return "both";
                }
            }
        });
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("GET DATA menu 5000 1", "200 result=-1\n");
            peer.expect("WAIT FOR DIGIT 1000", "200 result=-1\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo("both");
    }

    @Test
    void variablesExecAndEvaluateParseTheirReplies() throws Exception {
        FastAgiServer server = serverRunning(channel -> List.of(
                channel.variable("CALLERID(name)"),
                channel.variable("NO_SUCH_VARIABLE"),
                channel.variable("EMPTY"),
                channel.evaluate("${CHANNEL(linkedid)} ${CDR(start,u)}"),
                channel.evaluate("${UNSET}"),
                channel.exec("NoSuchApplication", "foo"),
                channel.exec("Answer", "")));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            peer.expect("GET VARIABLE CALLERID(name)", "200 result=1 (Alice (sales) Caller)\n");
            peer.expect("GET VARIABLE NO_SUCH_VARIABLE", "200 result=0\n");
            peer.expect("GET VARIABLE EMPTY", "200 result=1 ()\n");
            peer.expect(
                    "GET FULL VARIABLE \"${CHANNEL(linkedid)} ${CDR(start,u)}\"",
                    "200 result=1 (1795732346.2 1795732346.123456)\n");
            peer.expect("GET FULL VARIABLE \"${UNSET}\"", "200 result=1 ()\n");
            peer.expect("EXEC NoSuchApplication \"foo\"", "200 result=-2\n");
            peer.expect("EXEC Answer", "200 result=0\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome())
                .isEqualTo(List.of(
                        Optional.of("Alice (sales) Caller"),
                        Optional.empty(),
                        Optional.of(""),
                        Optional.of("1795732346.2 1795732346.123456"),
                        Optional.empty(),
                        -2,
                        0));
    }

    @Test
    void dialWaitsForTheDialTimeoutNotTheCommandTimeout() throws Exception {
        fixture.script("t", channel -> channel.exec("Dial", "Local/100@sellers,20"));
        ServerSettings settings = ServerFixture.settings(Duration.ofMillis(100));
        FastAgiServer server = fixture.start(settings);
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.nextCommand()).isEqualTo("EXEC Dial \"Local/100@sellers,20\"");
            assertThat(peer.silentFor(400)).isTrue();
            peer.send("200 result=0\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Queue", "Wait", "Playback", "VoiceMail", "waitexten"})
    void longRunningApplicationsWaitForTheDialTimeoutNotTheCommandTimeout(String application) throws Exception {
        fixture.script("t", channel -> channel.exec(application, "x"));
        FastAgiServer server = fixture.start(ServerFixture.settings(Duration.ofMillis(100)));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.nextCommand()).isEqualTo("EXEC " + application + " \"x\"");
            assertThat(peer.silentFor(300))
                    .as("still waiting past the 100 ms command timeout")
                    .isTrue();
            peer.send("200 result=0\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(0);
    }

    @Test
    void shortApplicationsStillFailAfterTheCommandTimeout() throws Exception {
        fixture.script("t", channel -> channel.exec("Set", "CDR(x)=1"));
        FastAgiServer server = fixture.start(ServerFixture.settings(Duration.ofMillis(100)));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.nextCommand()).isEqualTo("EXEC Set \"CDR(x)=1\"");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat((Throwable) fixture.nextOutcome())
                .isInstanceOf(ChannelFailureException.class)
                .hasMessage("Asterisk did not answer EXEC Set \"CDR(x)=1\" within 100 ms");
    }

    @Test
    void longRunningApplicationNamesMatchWhateverTheirCase() {
        assertThat(SocketAgiChannel.runsLong("DIAL")).isTrue();
        assertThat(SocketAgiChannel.runsLong("voiceMail")).isTrue();
        assertThat(SocketAgiChannel.runsLong("Answer")).isFalse();
        assertThat(SocketAgiChannel.runsLong("Dialx")).isFalse();
    }
}
