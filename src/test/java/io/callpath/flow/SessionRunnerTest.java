package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.events.SessionClock;
import io.callpath.flow.SessionRunner.Leg;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SessionRunnerTest {

    private final RecordingSink sink = new RecordingSink();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private final Logger runnerLog = (Logger) LoggerFactory.getLogger(SessionRunner.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Level previousLevel = runnerLog.getLevel();
    private final boolean previousAdditive = runnerLog.isAdditive();

    SessionRunnerTest() {
        logged.start();
        runnerLog.addAppender(logged);
        // INFO is what this test checks; the console stays as quiet as the other tests keep it
        runnerLog.setLevel(Level.DEBUG);
        runnerLog.setAdditive(false);
    }

    @AfterEach
    void detachLog() {
        runnerLog.detachAppender(logged);
        runnerLog.setLevel(previousLevel);
        runnerLog.setAdditive(previousAdditive);
    }

    /** The one line the runner logged for the session. */
    private ILoggingEvent onlyLine() {
        assertThat(logged.list).hasSize(1);
        return logged.list.get(0);
    }

    private SessionRunner runner(CallFlow script, Leg leg) {
        return new SessionRunner("incoming", script, leg, sink, () -> new SessionClock(clock, () -> 0L));
    }

    private static ScriptedChannel channel() {
        return new ScriptedChannel(FlowFixture.request(
                "incoming", Map.of(), List.of("5551000"), "PJSIP/trunk-00000001", "en", "5550100", "Alice"));
    }

    @Test
    void brokenChannelIsRecordedAsFailedAndTheDialplanIsTold() {
        ScriptedChannel channel = channel();

        runner(
                        (ch, recorder) -> {
                            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
                            throw new ChannelFailureException("peer went silent");
                        },
                        Leg.CALLER)
                .run(channel);

        assertThat(sink.only(EventType.FAILED).attributes()).containsEntry("reason", "channel_failure");
        assertThat(channel.variableSet("CALLPATH_STATUS")).contains("FAILED");
    }

    @Test
    void bugInAScriptIsRecordedAsFailedNotThrown() {
        ScriptedChannel channel = channel();

        runner(
                        (ch, recorder) -> {
                            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
                            throw new IllegalStateException("oops");
                        },
                        Leg.CALLER)
                .run(channel);

        assertThat(sink.only(EventType.FAILED).attributes()).containsEntry("reason", "internal_error");
        assertThat(channel.variableSet("CALLPATH_STATUS")).contains("FAILED");
    }

    @Test
    void hangUpOnTheCallerLegCarriesTheCurrentPhase() {
        runner(
                        (ch, recorder) -> {
                            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
                            recorder.enter(Phase.INFORMER);
                            throw new CallerHungUpException("STREAM FILE");
                        },
                        Leg.CALLER)
                .run(channel());

        assertThat(sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.INFORMER);
    }

    @Test
    void hangUpOnAnotherLegIsNotAnAbandon() {
        runner(
                        (ch, recorder) -> {
                            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
                            throw new CallerHungUpException("STREAM FILE");
                        },
                        Leg.OTHER)
                .run(channel());

        assertThat(sink.events()).isEmpty();
    }

    @Test
    void failureBeforeTheLinkedIdIsKnownIsRecordedUnderTheChannelAndTellsTheDialplan() {
        ScriptedChannel channel = channel();

        runner(
                        (ch, recorder) -> {
                            throw new ChannelFailureException("garbage");
                        },
                        Leg.CALLER)
                .run(channel);

        // a garbage first reply is a failure on the call (keyed by its first channel's uniqueid), never a silent
        // row that the hang-up handler later turns into the caller's abandon
        assertThat(sink.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.FAILED);
            assertThat(event.linkedId()).isEqualTo(channel.request().uniqueId());
            assertThat(event.attribute("reason")).isEqualTo("channel_failure");
        });
        assertThat(channel.variableSet("CALLPATH_STATUS")).contains("FAILED");
    }

    @Test
    void unusableLinkedIdIsRefusedAsBadInputInOneLineWithoutATrace() {
        ScriptedChannel channel = channel();

        runner((ch, recorder) -> recorder.identify("1795600000.1,x^y", Instant.ofEpochSecond(1795600000L)), Leg.CALLER)
                .run(channel);

        assertThat(sink.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.FAILED);
            assertThat(event.attribute("reason")).isEqualTo("bad_input");
        });
        assertThat(channel.variableSet("CALLPATH_STATUS")).contains("FAILED");
        assertThat(logged.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getThrowableProxy()).isNull();
            assertThat(line.getFormattedMessage()).contains("linkedid '1795600000.1,x^y' holds a character");
        });
    }

    @Test
    void brokenChannelEndsWithOneWarningThatSaysWhatToDo() {
        runner(
                        (ch, recorder) -> {
                            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
                            throw new ChannelFailureException("Asterisk did not answer ANSWER within 1500 ms");
                        },
                        Leg.CALLER)
                .run(channel());

        ILoggingEvent line = onlyLine();
        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getFormattedMessage())
                .contains("call=1795600000.1", "ending=failed: Asterisk did not answer ANSWER within 1500 ms")
                .contains("falls back to the assistants", "check Asterisk's load and the network")
                .doesNotContain("\n");
    }

    @Test
    void hangUpEndsWithOneInfoLine() {
        runner(
                        (ch, recorder) -> {
                            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
                            throw new CallerHungUpException("STREAM FILE");
                        },
                        Leg.CALLER)
                .run(channel());

        assertThat(onlyLine().getLevel()).isEqualTo(Level.INFO);
        assertThat(onlyLine().getFormattedMessage()).contains("ending=caller_hung_up");
    }

    @Test
    void normalEndIsOneDebugLineBecauseTheCallsInfoLineIsCallDone() {
        runner((ch, recorder) -> recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L)), Leg.CALLER)
                .run(channel());

        assertThat(onlyLine().getLevel()).isEqualTo(Level.DEBUG);
        assertThat(onlyLine().getFormattedMessage()).contains("ending=done").doesNotContain("falls back");
    }
}
