package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Drives the fake with the commands recorded from a real Asterisk 22 and checks that it answers with the recorded
 * bytes. Each fake is configured to the transcript's scenario (ids, caller, key presses, prompt lengths).
 */
class TranscriptConformanceTest {

    private static final double SCALE = 0.05;

    private static final FakePbx PBX = FakePbx.builder()
            .prompt("demo-congrats", Duration.ofSeconds(10))
            .promptSamples("beep", 3404)
            .prompt("vm-enter-num-to-call", Duration.ofSeconds(2))
            .endpoint(
                    "Local/100@sellers",
                    Endpoint.answersAfter(Duration.ofSeconds(3)).talking(Duration.ofSeconds(5)))
            .build();

    @Test
    void theTranscriptCopiesAreByteForByteTheRecordings() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isDirectory(Transcript.ORIGINALS),
                "no ../shared/asterisk/transcripts here to compare the copies with");
        try (var copies = java.nio.file.Files.list(Transcript.DIRECTORY)) {
            var names = copies.toList();
            assertThat(names).hasSize(8);
            for (var copy : names) {
                assertThat(copy)
                        .as("copy of %s", copy.getFileName())
                        .hasSameBinaryContentAs(
                                Transcript.ORIGINALS.resolve(copy.getFileName().toString()));
            }
        }
    }

    @Test
    void fullScenarioWithKeysDialAndHangupMatchesTranscript01() throws Exception {
        assertMatches(
                "01",
                settings(),
                CallerScript.calling("")
                        .script("incoming?campaign=test")
                        .from("5551234", "Alice Caller")
                        .dialplan("incoming", "s", 3)
                        .dnid("unknown")
                        .channel("Local/s@incoming-000006e9;2", "1795732825.3539", "1795732825.3538")
                        .threadId(140262603982528L)
                        .pressInPrompt("demo-congrats", Duration.ofMillis(1660), '1')
                        .pressInNextGetData('2')
                        .pressInNextWaitForDigit('3')
                        .noHangupHandler()
                        .build());
    }

    @Test
    void callerHangingUpDuringStreamFileMatchesTranscript03a() throws Exception {
        assertMatches(
                "03a",
                settings(),
                midstream("Local/midstream@incoming-000006ed;2", "1795732881.3547", "incoming", "midstream", 1)
                        .build());
    }

    @Test
    void agiSighupNoSendsNoHangupLineAsInTranscript03b() throws Exception {
        assertMatches(
                "03b",
                settings(),
                midstream(
                                "Local/midstream-nosighup@incoming-extra-000006ee;2",
                                "1795732887.3549",
                                "incoming-extra",
                                "midstream-nosighup",
                                2)
                        .variable("AGISIGHUP", "no")
                        .build());
    }

    @Test
    void agiExitOnHangupSendsTwoHangupLinesAndClosesAsInTranscript03c() throws Exception {
        assertMatches(
                "03c",
                settings(),
                midstream(
                                "Local/midstream-exitonhangup@incoming-extra-000006ef;2",
                                "1795732893.3551",
                                "incoming-extra",
                                "midstream-exitonhangup",
                                2)
                        .variable("AGIEXITONHANGUP", "yes")
                        .build());
    }

    @Test
    void hangupWhileNoCommandRunsIsAnnouncedAtOnceAsInTranscript04() throws Exception {
        assertMatches(
                "04",
                settings(),
                unknownCaller("Local/midwait@incoming-000006f0;2", "1795732899.3553", "incoming", "midwait", 1)
                        .hangUpAt(Duration.ofSeconds(2))
                        .build());
    }

    @Test
    void timeoutsWithoutKeysMatchTranscript05() throws Exception {
        assertMatches(
                "05",
                settings(),
                unknownCaller("Local/nodigit@incoming-000006f1;2", "1795732906.3555", "incoming", "nodigit", 1)
                        .build());
    }

    @Test
    void answeredGosubAndHangupHandlersMatchTranscript07() throws Exception {
        SimSettings settings = settings().withSequences(3560, 0x6f4);
        assertMatches(
                "07",
                settings,
                CallerScript.calling("")
                        .script("lifecycle?campaign=test")
                        .from("5552222", "Bob Caller")
                        .dialplan("incoming", "lifecycle", 3)
                        .dnid("unknown")
                        .channel("Local/lifecycle@incoming-000006f3;2", "1795732924.3559", "1795732924.3558")
                        .threadId(140262604494528L)
                        .build());
    }

    @Test
    void pipeliningAbortedPlaybackAndLineEndingsMatchTranscript08() throws Exception {
        assertMatches(
                "08",
                settings(),
                CallerScript.calling("")
                        .script("pipeline")
                        .from("5553333", "")
                        .dialplan("incoming-extra", "pipeline", 2)
                        .dnid("unknown")
                        .channel("Local/pipeline@incoming-extra-000006f5;2", "1795732936.3563", "1795732936.3562")
                        .threadId(140262604494528L)
                        .noHangupHandler()
                        .build());
    }

    private static CallerScript.Builder midstream(
            String channel, String uniqueId, String context, String extension, int priority) {
        return unknownCaller(channel, uniqueId, context, extension, priority)
                .hangUpInPrompt("demo-congrats", Duration.ofMillis(1500));
    }

    private static CallerScript.Builder unknownCaller(
            String channel, String uniqueId, String context, String extension, int priority) {
        return CallerScript.calling("")
                .script(extension.startsWith("midstream") ? "midstream" : extension)
                .dialplan(context, extension, priority)
                .dnid("unknown")
                .channel(channel, uniqueId, "")
                .threadId(140262604494528L)
                .noHangupHandler();
    }

    private static SimSettings settings() {
        return SimSettings.scaled(SCALE).withClock(Clock.fixed(Instant.ofEpochSecond(1795732924L), ZoneOffset.UTC));
    }

    private static void assertMatches(String name, SimSettings settings, CallerScript caller) throws Exception {
        Transcript transcript = Transcript.load(name);
        // the caller's header is compared byte for byte; other legs' headers follow the callpath dialplan, not the
        // lab's
        String callerScript = transcript.connections().get(0).script();
        try (ReplayServer server = new ReplayServer(transcript, settings.timeScale(), Set.of(callerScript))) {
            CallRecord record = new FakeAsterisk("127.0.0.1", server.port(), PBX, settings).placeCall(caller);
            assertThat(server.awaitAllConnections(10))
                    .as("all recorded connections were made")
                    .isTrue();
            assertThat(server.problems())
                    .as("differences from transcript " + name)
                    .isEmpty();
            assertThat(record.sessions())
                    .allSatisfy(s -> assertThat(s.failure()).isEmpty());
        }
    }
}
