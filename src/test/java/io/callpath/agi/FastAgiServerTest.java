package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callpath.config.ServerSettings;
import io.callpath.flow.CallRequest;
import io.callpath.flow.ChannelFailureException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FastAgiServerTest {

    private static final String ASK_LINKED_ID = "GET FULL VARIABLE \"${CHANNEL(linkedid)}\"";

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void stopServers() {
        fixture.close();
    }

    @Test
    void headerArrivingInPiecesIsParsedIntoTheRequest() throws Exception {
        fixture.script("incoming", channel -> channel.request());
        FastAgiServer server = fixture.start();
        String header = RawAsterisk.header(
                "incoming?campaign=test&x=a%20b", "Alice Caller", "arg one", "quoted,comma", "", "last");
        try (RawAsterisk peer = RawAsterisk.connect(server.port())) {
            for (int at = 0; at < header.length(); at += 7) {
                peer.send(header.substring(at, Math.min(header.length(), at + 7)));
            }
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        CallRequest request = (CallRequest) fixture.nextOutcome();
        assertThat(request.script()).isEqualTo("incoming");
        assertThat(request.parameters()).isEqualTo(Map.of("campaign", "test", "x", "a b"));
        assertThat(request.arguments()).containsExactly("arg one", "quoted,comma", "", "last");
        assertThat(request.uniqueId()).isEqualTo("1795732346.3");
        assertThat(request.callerName()).isEqualTo("Alice Caller");
        assertThat(request.dnid()).isEqualTo("5550100");
        assertThat(request.raw()).containsEntry("agi_accountcode", "");
        fixture.assertServesNextSession(server);
    }

    @Test
    void garbageInsteadOfAHeaderIsClosed() throws Exception {
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port())) {
            peer.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        fixture.assertServesNextSession(server);
    }

    @Test
    void headerThatNeverEndsIsClosedAfterTheHeaderTimeout() throws Exception {
        ServerSettings quick = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                10,
                Duration.ofMillis(300),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        FastAgiServer server = fixture.start(quick);
        try (RawAsterisk peer = RawAsterisk.connect(server.port())) {
            peer.send("agi_network: yes\nagi_network_script: incoming\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        fixture.assertServesNextSession(server);
    }

    @Test
    void headerOfEndlessValidLinesIsClosed() throws Exception {
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port())) {
            try {
                peer.send("agi_padding: x\n".repeat(AgiHeader.MAX_LINES + 10));
            } catch (java.io.IOException resetWhileSending) {
                // The server may close before it has read all of it.
            }
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        fixture.assertServesNextSession(server);
    }

    @Test
    void oneMegabyteLineIsClosed() throws Exception {
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port())) {
            try {
                peer.send("agi_network: " + "x".repeat(1024 * 1024) + "\n\n");
            } catch (java.io.IOException resetWhileSending) {
                // The server may close before it has read all of it: that is the point.
            }
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        fixture.assertServesNextSession(server);
    }

    @Test
    void unknownScriptIsToldUnknownScriptAndReported() throws Exception {
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("nosuch?x=1")) {
            peer.expect(ASK_LINKED_ID, "200 result=1 (1795732346.1)\n");
            peer.expect("SET VARIABLE CALLPATH_STATUS \"UNKNOWN_SCRIPT\"", "200 result=1\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        ServerFixture.Rejection rejection = fixture.nextRejection();
        assertThat(rejection.reason()).isEqualTo("unknown script");
        assertThat(rejection.request().script()).isEqualTo("nosuch");
        // the Local channel's own uniqueid is 1795732346.3: the refusal belongs to the call, not to the channel
        assertThat(rejection.linkedId()).isEqualTo("1795732346.1");
        fixture.assertServesNextSession(server);
    }

    @Test
    void refusalIsRecordedUnderTheUniqueIdWhenAsteriskDoesNotTellTheLinkedIdInTime() throws Exception {
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("nosuch")) {
            assertThat(peer.nextCommand()).isEqualTo(ASK_LINKED_ID);
            // no reply: the server stops waiting and still tells the dialplan to fall back
            assertThat(peer.nextCommand()).isEqualTo("SET VARIABLE CALLPATH_STATUS \"UNKNOWN_SCRIPT\"");
            peer.send("200 result=1\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        ServerFixture.Rejection rejection = fixture.nextRejection();
        assertThat(rejection.linkedId()).isEqualTo("1795732346.3");
        fixture.assertServesNextSession(server);
    }

    @Test
    void refusalOfAHungUpChannelIsRecordedUnderTheUniqueId() throws Exception {
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("nosuch")) {
            peer.expect(ASK_LINKED_ID, "HANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n");
            peer.expect(
                    "SET VARIABLE CALLPATH_STATUS \"UNKNOWN_SCRIPT\"",
                    "511 Command Not Permitted on a dead channel or intercept routine\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        ServerFixture.Rejection rejection = fixture.nextRejection();
        assertThat(rejection.linkedId()).isEqualTo("1795732346.3");
        assertThat(rejection.reason()).isEqualTo("unknown script");
        fixture.assertServesNextSession(server);
    }

    @Test
    void urlWithoutPathIsAnUnknownScript() throws Exception {
        FastAgiServer server = fixture.start();
        String header = RawAsterisk.header("x", "Alice").replace("agi_network_script: x\n", "");
        try (RawAsterisk peer = RawAsterisk.connect(server.port())) {
            peer.send(header);
            // result=0: Asterisk has no such variable; the uniqueid is the best key left
            peer.expect(ASK_LINKED_ID, "200 result=0\n");
            peer.expect("SET VARIABLE CALLPATH_STATUS \"UNKNOWN_SCRIPT\"", "200 result=1\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        ServerFixture.Rejection rejection = fixture.nextRejection();
        assertThat(rejection.request().script()).isEmpty();
        assertThat(rejection.linkedId()).isEqualTo("1795732346.3");
    }

    @Test
    void addressOutsideTheAllowListIsRefusedAtOnce() throws Exception {
        ServerSettings onlySecondLoopback = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.2"),
                10,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        fixture.script("incoming", channel -> channel.variable("X"));
        FastAgiServer server = fixture.start(onlySecondLoopback);
        try (RawAsterisk stranger = RawAsterisk.connectFrom("127.0.0.1", server.port())) {
            stranger.send(RawAsterisk.header("incoming", "Mallory"));
            assertThat(stranger.readUntilClosed()).isEmpty();
        }
        try (RawAsterisk asterisk =
                RawAsterisk.connectFrom("127.0.0.2", server.port()).open("incoming")) {
            asterisk.expect("GET VARIABLE X", "200 result=1 (served)\n");
            assertThat(asterisk.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("served"));
        assertThat(fixture.rejections).isEmpty();
        ServerFixture.awaitNoSessions(server);
    }

    @Test
    void refusalsFromOneAddressAreWarnedOnceNotOncePerConnection() throws Exception {
        ServerSettings onlySecondLoopback = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.2"),
                10,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        Logger serverLog = (Logger) LoggerFactory.getLogger(FastAgiServer.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        serverLog.addAppender(captured);
        try {
            FastAgiServer server = fixture.start(onlySecondLoopback);
            for (int i = 0; i < 20; i++) {
                try (RawAsterisk stranger = RawAsterisk.connectFrom("127.0.0.1", server.port())) {
                    assertThat(stranger.readUntilClosed()).isEmpty();
                }
            }
            assertThat(captured.list)
                    .filteredOn(event -> event.getFormattedMessage().contains("127.0.0.1"))
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement()
                    .asString()
                    .startsWith("refused FastAGI connection from 127.0.0.1: not in server.allow");
            server.shutdown(Duration.ZERO);
            assertThat(captured.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.startsWith(
                            "19 more FastAGI connections refused as outside server.allow from 1 source"));
        } finally {
            serverLog.detachAppender(captured);
        }
    }

    @Test
    void floodOfShortConnectionsGivesTenWarningsAndOneSummaryNotOneLineEach() throws Exception {
        Logger serverLog = (Logger) LoggerFactory.getLogger(FastAgiServer.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        serverLog.addAppender(captured);
        try {
            FastAgiServer server = fixture.start(new ServerSettings(
                    "127.0.0.1",
                    0,
                    List.of("127.0.0.1"),
                    1_000,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(5)));
            for (int i = 0; i < 300; i++) {
                RawAsterisk.connect(server.port()).close();
            }
            ServerFixture.awaitNoSessions(server);
            // a 5 KB caller name of 255 broken lines: one warning for the header, not one per line
            try (RawAsterisk peer = RawAsterisk.connect(server.port())) {
                peer.send(RawAsterisk.header("probe", "x\n".repeat(200) + "Eve"));
                peer.expect("GET VARIABLE PROBE", "200 result=1 (alive)\n");
                assertThat(peer.readUntilClosed()).isEmpty();
            }
            ServerFixture.awaitNoSessions(server);
            server.shutdown(Duration.ZERO);
            List<String> lines = captured.list.stream()
                    .filter(event -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            assertThat(lines)
                    .filteredOn(line -> line.startsWith("closed FastAGI connection from 127.0.0.1"))
                    .hasSize(io.callpath.logs.RateLimitedWarnings.LINES_PER_INTERVAL);
            assertThat(lines)
                    .filteredOn(
                            line -> line.contains("more FastAGI connections closed for a bad or missing agi_ header"))
                    .singleElement()
                    .asString()
                    .startsWith("290 more");
            assertThat(lines)
                    .filteredOn(line -> line.contains("went on over a line break"))
                    .singleElement()
                    .asString()
                    .contains("200 line(s)");
        } finally {
            serverLog.detachAppender(captured);
        }
    }

    @Test
    void sessionOverMaxSessionsIsToldOverloaded() throws Exception {
        ServerSettings one = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                1,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        fixture.script("incoming", channel -> channel.variable("X"));
        FastAgiServer server = fixture.start(one);
        try (RawAsterisk first = RawAsterisk.connect(server.port()).open("incoming")) {
            assertThat(first.nextCommand()).isEqualTo("GET VARIABLE X");
            assertThat(server.activeSessions()).isEqualTo(1);
            try (RawAsterisk second = RawAsterisk.connect(server.port())) {
                // told before its header is read: nothing a refused connection does can make it wait
                assertThat(second.nextCommand()).isEqualTo("SET VARIABLE CALLPATH_STATUS \"OVERLOADED\"");
                second.open("incoming?line=main");
                second.send("200 result=1\n");
                second.expect(ASK_LINKED_ID, "200 result=1 (1795732346.2)\n");
                assertThat(second.readUntilClosed()).isEmpty();
            }
            ServerFixture.Rejection rejection = fixture.nextRejection();
            assertThat(rejection.reason()).isEqualTo("overloaded");
            assertThat(rejection.linkedId()).isEqualTo("1795732346.2");
            assertThat(rejection.request().parameter("line")).contains("main");
            first.send("200 result=1 (first)\n");
            assertThat(first.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("first"));
        fixture.assertServesNextSession(server);
    }

    @Test
    void scriptThatThrowsABugDoesNotStopTheServer() throws Exception {
        fixture.script("incoming", channel -> {
            throw new IllegalStateException("a bug in a script");
        });
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("incoming")) {
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isInstanceOf(IllegalStateException.class);
        fixture.assertServesNextSession(server);
    }

    @Test
    void shutdownLetsALiveSessionFinishWithinTheGrace() throws Exception {
        fixture.script("answered", channel -> channel.variable("X"));
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("answered")) {
            assertThat(peer.nextCommand()).isEqualTo("GET VARIABLE X");
            CountDownLatch stopped = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                server.shutdown(Duration.ofSeconds(5));
                stopped.countDown();
            });
            stopper.start();
            assertThat(stopped.await(200, TimeUnit.MILLISECONDS))
                    .as("shutdown waits for the live call")
                    .isFalse();
            peer.send("200 result=1 (finished)\n");
            assertThat(peer.readUntilClosed()).isEmpty();
            assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("finished"));
        assertThat(server.activeSessions()).isZero();
        assertThatThrownBy(
                        () -> RawAsterisk.connect(server.port()).open("probe").nextCommand())
                .isInstanceOfAny(java.io.IOException.class, AssertionError.class);
    }

    @Test
    void overloadedCallBehindSilentConnectionsIsToldAndRecorded() throws Exception {
        ServerSettings one = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                1,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        fixture.script("incoming", channel -> channel.variable("X"));
        FastAgiServer server = fixture.start(one);
        List<RawAsterisk> silent = new java.util.ArrayList<>();
        try (RawAsterisk first = RawAsterisk.connect(server.port()).open("incoming")) {
            assertThat(first.nextCommand()).isEqualTo("GET VARIABLE X");
            // 70 connections ahead that never send a header: refusals used to be answered one at a time, 2 s each
            for (int i = 0; i < 70; i++) {
                silent.add(RawAsterisk.connect(server.port()));
            }
            try (RawAsterisk call = RawAsterisk.connect(server.port())) {
                call.send(RawAsterisk.header("incoming", "Real Caller").replace("1795732346.3", "1795732346.70"));
                assertThat(call.nextCommand()).isEqualTo("SET VARIABLE CALLPATH_STATUS \"OVERLOADED\"");
                call.send("200 result=1\n");
                call.expect(ASK_LINKED_ID, "200 result=1 (1795732346.69)\n");
                assertThat(call.readUntilClosed()).isEmpty();
            }
            for (RawAsterisk connection : silent) {
                assertThat(connection.nextCommand()).isEqualTo("SET VARIABLE CALLPATH_STATUS \"OVERLOADED\"");
            }
            ServerFixture.Rejection rejection = fixture.nextRejection();
            assertThat(rejection.reason()).isEqualTo("overloaded");
            assertThat(rejection.linkedId()).isEqualTo("1795732346.69");
            first.send("200 result=1 (first)\n");
            assertThat(first.readUntilClosed()).isEmpty();
        } finally {
            for (RawAsterisk connection : silent) {
                connection.close();
            }
        }
        assertThat(server.counts().overloaded()).isEqualTo(71);
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("first"));
        fixture.assertServesNextSession(server);
    }

    @Test
    void shutdownServesTheSessionsOfCallsInFlightAndTellsNewCallsStopping() throws Exception {
        fixture.script("incoming", channel -> channel.variable("X"));
        fixture.script("answered", channel -> channel.variable("WHISPERED"));
        fixture.script("hangup", channel -> channel.variable("HANGUPCAUSE"));
        FastAgiServer server = fixture.start();
        CountDownLatch stopped = new CountDownLatch(1);
        try (RawAsterisk caller = RawAsterisk.connect(server.port())) {
            caller.send(RawAsterisk.header("incoming", "In Flight").replace("1795732346.3", "1795732346.10"));
            assertThat(caller.nextCommand()).isEqualTo("GET VARIABLE X");
            Thread stopper = new Thread(() -> {
                server.shutdown(Duration.ofSeconds(5));
                stopped.countDown();
            });
            stopper.start();
            ServerFixture.awaitDraining(server);

            try (RawAsterisk newCall = RawAsterisk.connect(server.port())) {
                newCall.send(RawAsterisk.header("incoming", "Too Late").replace("1795732346.3", "1795732346.20"));
                newCall.expect("SET VARIABLE CALLPATH_STATUS \"STOPPING\"", "200 result=1\n");
                newCall.expect(ASK_LINKED_ID, "200 result=1 (1795732346.20)\n");
                assertThat(newCall.readUntilClosed()).isEmpty();
            }
            assertThat(fixture.nextRejection().reason()).isEqualTo("stopping");

            try (RawAsterisk seller = RawAsterisk.connect(server.port()).open("answered")) {
                seller.expect("GET VARIABLE WHISPERED", "200 result=1 (yes)\n");
                assertThat(seller.readUntilClosed()).isEmpty();
            }
            caller.send("200 result=1 (connected)\n");
            assertThat(caller.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("yes"));
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("connected"));
        assertThat(stopped.await(300, TimeUnit.MILLISECONDS))
                .as("the call's hang-up handler is still to come")
                .isFalse();
        try (RawAsterisk hangup = RawAsterisk.connect(server.port())) {
            hangup.send(RawAsterisk.header("hangup?leg=caller", "In Flight", "1795732346.10")
                    .replace("1795732346.3", "1795732346.10"));
            hangup.expect("GET VARIABLE HANGUPCAUSE", "200 result=1 (16)\n");
            assertThat(hangup.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isEqualTo(Optional.of("16"));
        assertThat(stopped.await(5, TimeUnit.SECONDS))
                .as("stopped once the last call ended")
                .isTrue();
        assertThat(server.counts().refusedStopping()).isEqualTo(1);
    }

    @Test
    void shutdownCutsASessionThatOutlivesTheGrace() throws Exception {
        fixture.script("incoming", channel -> channel.variable("X"));
        FastAgiServer server = fixture.start();
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("incoming")) {
            assertThat(peer.nextCommand()).isEqualTo("GET VARIABLE X");
            server.shutdown(Duration.ofMillis(200));
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).isInstanceOf(ChannelFailureException.class);
        assertThat(server.activeSessions()).isZero();
    }

    @Test
    void allowListEntryThatIsNotAnAddressIsRejectedAtConstruction() {
        ServerSettings withHostName = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("pbx.example.com"),
                10,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> new FastAgiServer(withHostName, Map.of(), SessionRejections.ignored()))
                .hasMessageContaining("server.allow[0]: 'pbx.example.com' is not an IPv4 or IPv6 address");
    }
}
