package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.clock.EventType;
import io.callpath.clock.Phase;
import io.callpath.clock.SessionClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionRunnerTest {

    private final RecordingSink sink = new RecordingSink();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    private SessionRunner runner(SessionScript script, boolean callerLeg) {
        return new SessionRunner("incoming", script, callerLeg, sink, () -> new SessionClock(clock, () -> 0L));
    }

    private static ScriptedChannel channel() {
        return new ScriptedChannel(FlowFixture.request("incoming", Map.of(), List.of("5551000"),
                "PJSIP/trunk-00000001", "en", "5550100", "Alice"));
    }

    @Test
    void brokenChannelIsRecordedAsFailedAndTheDialplanIsTold() {
        ScriptedChannel channel = channel();

        runner((ch, recorder) -> {
            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
            throw new ChannelFailureException("peer went silent");
        }, true).run(channel);

        assertThat(sink.only(EventType.FAILED).attributes()).containsEntry("reason", "channel_failure");
        assertThat(channel.variableSet("CALLPATH_STATUS")).contains("FAILED");
    }

    @Test
    void bugInAScriptIsRecordedAsFailedNotThrown() {
        ScriptedChannel channel = channel();

        runner((ch, recorder) -> {
            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
            throw new IllegalStateException("oops");
        }, true).run(channel);

        assertThat(sink.only(EventType.FAILED).attributes()).containsEntry("reason", "internal_error");
        assertThat(channel.variableSet("CALLPATH_STATUS")).contains("FAILED");
    }

    @Test
    void hangUpOnTheCallerLegCarriesTheCurrentPhase() {
        runner((ch, recorder) -> {
            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
            recorder.enter(Phase.INFORMER);
            throw new CallerHungUpException("STREAM FILE");
        }, true).run(channel());

        assertThat(sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.INFORMER);
    }

    @Test
    void hangUpOnAnotherLegIsNotAnAbandon() {
        runner((ch, recorder) -> {
            recorder.identify("1795600000.1", Instant.ofEpochSecond(1795600000L));
            throw new CallerHungUpException("STREAM FILE");
        }, false).run(channel());

        assertThat(sink.events()).isEmpty();
    }

    @Test
    void failureBeforeTheLinkedIdIsKnownRecordsNothingButStillTellsTheDialplan() {
        ScriptedChannel channel = channel();

        runner((ch, recorder) -> {
            throw new ChannelFailureException("garbage");
        }, true).run(channel);

        assertThat(sink.events()).isEmpty();
        assertThat(channel.variableSet("CALLPATH_STATUS")).contains("FAILED");
    }
}
