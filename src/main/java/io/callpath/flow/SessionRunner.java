package io.callpath.flow;

import io.callpath.clock.EventSink;
import io.callpath.clock.EventType;
import io.callpath.clock.SessionClock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The session edge: gives a script its recorder and turns whatever ends the session into an event
 * and one INFO line. Hang-ups on the caller's leg are abandons; on other legs they are just the end.
 */
public final class SessionRunner implements CallScript {

    private static final Logger log = LoggerFactory.getLogger(SessionRunner.class);

    private final String scriptName;
    private final SessionScript script;
    private final boolean callerLeg;
    private final EventSink sink;
    private final Supplier<SessionClock> clocks;

    /**
     * @param callerLeg true when the script runs on the caller's channel, so a hang-up there is the caller giving up
     */
    public SessionRunner(String scriptName, SessionScript script, boolean callerLeg, EventSink sink,
                         Supplier<SessionClock> clocks) {
        this.scriptName = scriptName;
        this.script = script;
        this.callerLeg = callerLeg;
        this.sink = sink;
        this.clocks = clocks;
    }

    @Override
    public void run(Channel channel) {
        SessionClock clock = clocks.get();
        CallRecorder recorder = new CallRecorder(sink, clock, channel.request().uniqueId() + "/" + scriptName);
        String ending;
        try {
            script.run(channel, recorder);
            ending = recorder.outcome().orElse("done");
        } catch (CallerHungUpException hungUp) {
            ending = hungUp(recorder);
        } catch (ChannelFailureException broken) {
            ending = "failed: " + broken.getMessage();
            recordFailure(recorder, "channel_failure", broken.getMessage());
            trySetFailedStatus(channel);
        } catch (RuntimeException bug) {
            ending = "failed: " + bug;
            log.error("script {} failed on session {}: a bug, please report it with this trace",
                    scriptName, recorder.sessionId(), bug);
            recordFailure(recorder, "internal_error", bug.toString());
            trySetFailedStatus(channel);
        } finally {
            MDC.remove("call");
        }
        // DEBUG: a call has three sessions; its one INFO line is LoggingEventSink's "call done" (it was 5 INFO lines per call)
        log.debug("session end script={} session={} call={} ending={} phase={} tookMs={}", scriptName, recorder.sessionId(),
                recorder.linkedId().orElse("?"), ending,
                recorder.currentPhase().map(phase -> phase.key()).orElse("-"),
                Duration.between(clock.sessionStart(), clock.now()).toMillis());
    }

    private String hungUp(CallRecorder recorder) {
        if (recorder.outcome().isPresent()) {
            return recorder.outcome().get() + " (then hung up)";
        }
        if (callerLeg && recorder.knowsCall()) {
            recorder.record(EventType.CALLER_HUNG_UP, Map.of());
            return "caller_hung_up";
        }
        return "hung_up";
    }

    private void recordFailure(CallRecorder recorder, String reason, String detail) {
        if (recorder.knowsCall()) {
            String text = detail == null ? reason : detail;
            recorder.record(EventType.FAILED, Map.of("reason", reason, "detail", text.length() > 200 ? text.substring(0, 200) : text));
        }
    }

    private static void trySetFailedStatus(Channel channel) {
        try {
            channel.setVariable("CALLPATH_STATUS", "FAILED");
        } catch (RuntimeException alsoBroken) {
            log.debug("could not set CALLPATH_STATUS=FAILED: {}", alsoBroken.toString());
        }
    }
}
