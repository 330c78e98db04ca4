package io.callpath.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.sim.RecordedHeaderOrder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The fake Asterisk of the benchmarks, checked against small servers on real loopback sockets. */
class LoadAsteriskTest {

    @Test
    void headerKeepsRealAsteriskKeyOrderAndArguments() {
        String header = new LoadAsterisk(LoadAsterisk.Settings.loopback(4573))
                .header(
                        "answered",
                        "Local/101@sellers-00000001;1",
                        "1.3",
                        "callpath-answered",
                        "s",
                        List.of("1.2", "seller", "main", "", "1.000000"));
        List<String> keys = header.lines()
                .filter(line -> !line.isEmpty())
                .map(line -> line.substring(0, line.indexOf(':')))
                .toList();
        assertThat(keys).isEqualTo(RecordedHeaderOrder.withArguments(5));
        assertThat(header).contains("agi_arg_4: \n").endsWith("\n\n");
    }

    @Test
    void repliesUseTheTranscriptForms() {
        AsteriskReplies replies =
                new AsteriskReplies("1795732825.2", "1795732825.2", "1795732825.123456", "5551234", '1', '2');
        assertThat(replies.replyTo("ANSWER")).isEqualTo("200 result=0");
        assertThat(replies.replyTo("GET FULL VARIABLE \"${CHANNEL(linkedid)} ${CDR(start,u)}\""))
                .isEqualTo("200 result=1 (1795732825.2 1795732825.123456)");
        assertThat(replies.replyTo("GET VARIABLE ROUTE")).isEqualTo("200 result=0");
        assertThat(replies.replyTo("SET VARIABLE ROUTE \"sales team\"")).isEqualTo("200 result=1");
        assertThat(replies.replyTo("GET VARIABLE ROUTE")).isEqualTo("200 result=1 (sales team)");
        assertThat(replies.replyTo("STREAM FILE callpath/informer \"0123456789*#\""))
                .isEqualTo("200 result=49 endpos=13280");
        assertThat(replies.replyTo("STREAM FILE beep \"\"")).isEqualTo("200 result=0 endpos=3404");
        assertThat(replies.replyTo("GET DATA callpath/menu 5000 1")).isEqualTo("200 result=2");
        assertThat(replies.replyTo("WAIT FOR DIGIT 5000")).isEqualTo("200 result=50");
        assertThat(replies.replyTo("EXEC Dial PJSIP/101,15")).isEqualTo("200 result=-1");
        assertThat(replies.replyTo("GET VARIABLE DIALSTATUS")).isEqualTo("200 result=1 (ANSWER)");
        assertThat(replies.replyTo("FOO BAR")).isEqualTo("510 Invalid or unknown command");
    }

    /** Three scripts, as callpath's recorded sequence has them; the Dial opens the answered session. */
    private static final String THREE_SCRIPTS = """
            # a comment
            GET FULL VARIABLE "${CHANNEL(linkedid)} ${CDR(start,u)}"
            EXEC Dial "PJSIP/101,15,U(callpath-answered^1.2^seller^main^sales^1.5)"
            GET VARIABLE DIALSTATUS
            [answered]
            STREAM FILE callpath/whisper "1"
            SET VARIABLE GOSUB_RESULT ""
            [hangup]
            GET FULL VARIABLE "${HANGUPCAUSE}"
            """;

    @Test
    void rawServerServesEachScriptItsOwnCommandsWithEveryCommandAnsweredAndTimed() throws Exception {
        CommandSequence sequence = CommandSequence.parse(THREE_SCRIPTS);
        try (RawSocketServer server = new RawSocketServer(0, sequence, 100, 5_000)) {
            LoadResult result = new LoadAsterisk(
                            LoadAsterisk.Settings.loopback(server.port()).withCallpathSessions(true))
                    .run(20, 4, Duration.ofSeconds(20));

            assertThat(result.completed()).isEqualTo(20);
            assertThat(result.errors()).isZero();
            assertThat(result.sessionsPerCall()).isEqualTo(3.0);
            assertThat(result.commands()).isEqualTo(20L * 6);
            // the first command of each session has no reply before it, so it is not a server time
            assertThat(result.serverTimeNanos().getTotalCount()).isEqualTo(20L * (6 - 3));
        }
    }

    @Test
    void recordingKeepsEachSessionsCommandsUnderItsScript() throws Exception {
        CommandSequence sequence = CommandSequence.parse(THREE_SCRIPTS);
        try (RawSocketServer server = new RawSocketServer(0, sequence, 100, 5_000)) {
            Map<String, List<String>> recorded = new LoadAsterisk(
                            LoadAsterisk.Settings.loopback(server.port()).withCallpathSessions(true))
                    .recordOneCall();

            assertThat(recorded).containsOnlyKeys("incoming", "answered", "hangup");
            assertThat(new CommandSequence(recorded)).isEqualTo(sequence);
        }
    }

    @Test
    void sequenceFileReadsBackWhatItWrote() {
        CommandSequence sequence = CommandSequence.parse(THREE_SCRIPTS);

        assertThat(sequence.scripts().keySet()).containsExactly("incoming", "answered", "hangup");
        assertThat(sequence.commands("answered"))
                .containsExactly("STREAM FILE callpath/whisper \"1\"", "SET VARIABLE GOSUB_RESULT \"\"");
        assertThat(sequence.commands("transfer")).isEmpty();
        assertThat(sequence.commandsPerCall()).isEqualTo(6);
        assertThat(CommandSequence.parse(sequence.format("two\nlines"))).isEqualTo(sequence);
    }

    @Test
    void scriptNameDropsTheQueryAndLeadingSlash() {
        assertThat(CommandSequence.scriptOf(" hangup?leg=caller")).isEqualTo("hangup");
        assertThat(CommandSequence.scriptOf("/answered")).isEqualTo("answered");
        assertThat(CommandSequence.scriptOf("incoming")).isEqualTo("incoming");
    }

    @Test
    void serverThatClosesWithoutACommandIsCountedNotCompleted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(
                    () -> {
                        for (int i = 0; i < 3; i++) {
                            try (Socket socket = server.accept()) {
                                socket.getInputStream().read();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "closing-server");
            closer.start();
            LoadResult result = new LoadAsterisk(LoadAsterisk.Settings.loopback(server.getLocalPort()))
                    .run(3, 1, Duration.ofSeconds(20));
            closer.join(5_000);

            assertThat(result.count(CallOutcome.CLOSED_WITHOUT_A_WORD)).isEqualTo(3);
            assertThat(result.completed()).isZero();
            assertThat(result.errors()).isEqualTo(3);
        }
    }

    @Test
    void silentServerTimesOutInsteadOfHanging() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread holder = new Thread(
                    () -> {
                        try {
                            held.add(server.accept());
                        } catch (IOException e) {
                            // closed by the test
                        }
                    },
                    "silent-server");
            holder.start();
            LoadResult result = new LoadAsterisk(LoadAsterisk.Settings.loopback(server.getLocalPort())
                            .withReadTimeout(Duration.ofMillis(300)))
                    .run(1, 1, Duration.ofSeconds(20));
            holder.join(5_000);
            for (Socket socket : held) {
                socket.close();
            }

            assertThat(result.count(CallOutcome.TIMED_OUT)).isEqualTo(1);
        }
    }

    @Test
    void answeredSessionOpensWhileDialWaitsAndCarriesTheGosubArguments() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> answeredHeader = new ArrayList<>();
            List<String> callerSaw = new ArrayList<>();
            Thread fakeCallpath = new Thread(
                    () -> {
                        try (Socket caller = server.accept()) {
                            BufferedReader in = reader(caller);
                            skipHeader(in, new ArrayList<>());
                            send(caller, "EXEC Dial PJSIP/101,15,U(callpath-answered^1.2^seller^main^sales^1.5)");
                            try (Socket seller = server.accept()) {
                                BufferedReader sellerIn = reader(seller);
                                skipHeader(sellerIn, answeredHeader);
                                send(seller, "SET VARIABLE GOSUB_RESULT BUSY");
                                sellerIn.readLine();
                            }
                            callerSaw.add(in.readLine());
                            send(caller, "GET VARIABLE DIALSTATUS");
                            callerSaw.add(in.readLine());
                        } catch (IOException e) {
                            callerSaw.add("failed: " + e);
                        }
                    },
                    "fake-callpath");
            fakeCallpath.start();
            LoadResult result = new LoadAsterisk(LoadAsterisk.Settings.loopback(server.getLocalPort())
                            .withAnsweredSessions(true))
                    .run(1, 1, Duration.ofSeconds(20));
            fakeCallpath.join(5_000);

            assertThat(result.completed()).isEqualTo(1);
            assertThat(answeredHeader)
                    .contains(
                            "agi_network_script: answered",
                            "agi_arg_1: 1.2",
                            "agi_arg_2: seller",
                            "agi_arg_3: main",
                            "agi_arg_4: sales",
                            "agi_arg_5: 1.5");
            assertThat(callerSaw).containsExactly("200 result=0", "200 result=1 (BUSY)");
        }
    }

    @Test
    void hangupHandlerSessionFollowsTheCallerWithLinkedIdAndTheCallersVariables() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> callerHeader = new ArrayList<>();
            List<String> hangupHeader = new ArrayList<>();
            List<String> hangupSaw = new ArrayList<>();
            Thread fakeCallpath = new Thread(
                    () -> {
                        try {
                            try (Socket caller = server.accept()) {
                                BufferedReader in = reader(caller);
                                skipHeader(in, callerHeader);
                                send(caller, "SET VARIABLE CALLPATH_T0 7.5");
                                in.readLine();
                            }
                            try (Socket hangup = server.accept()) {
                                BufferedReader in = reader(hangup);
                                skipHeader(in, hangupHeader);
                                send(hangup, "GET FULL VARIABLE \"${HANGUPCAUSE}|${CALLPATH_T0}\"");
                                hangupSaw.add(in.readLine());
                            }
                        } catch (IOException e) {
                            hangupSaw.add("failed: " + e);
                        }
                    },
                    "fake-callpath");
            fakeCallpath.start();
            LoadResult result = new LoadAsterisk(LoadAsterisk.Settings.loopback(server.getLocalPort())
                            .withCallpathSessions(true))
                    .run(1, 1, Duration.ofSeconds(20));
            fakeCallpath.join(5_000);

            assertThat(result.completed()).isEqualTo(1);
            assertThat(result.errors()).isZero();
            String linkedId = callerHeader.stream()
                    .filter(line -> line.startsWith("agi_uniqueid: "))
                    .findFirst()
                    .orElseThrow()
                    .substring("agi_uniqueid: ".length());
            assertThat(callerHeader).contains("agi_arg_1: " + LoadAsterisk.DID);
            assertThat(hangupHeader).contains("agi_network_script: hangup?leg=caller", "agi_arg_1: " + linkedId);
            assertThat(hangupSaw).containsExactly("200 result=1 (16|7.5)");
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void skipHeader(BufferedReader in, List<String> lines) throws IOException {
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            lines.add(line);
        }
    }

    private static void send(Socket socket, String command) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
