package io.callpath.flow;

import io.callpath.events.EventSink;
import io.callpath.events.EventType;
import io.callpath.events.SessionClock;
import io.callpath.logs.LogText;
import io.callpath.logs.RateLimitedWarnings;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The session edge: gives a script its recorder and turns whatever ends the session into an event
 * and one log line (WARN when the AGI channel itself broke, INFO otherwise). Hang-ups on the caller's leg are abandons; on other legs they are just the end.
 */
public final class SessionRunner implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(SessionRunner.class);
    static final String CHANNEL_FAILURE_ADVICE = "the AGI session with Asterisk broke, the dialplan falls back to the "
            + "assistants (CALLPATH_STATUS=FAILED or unset); if this repeats, check Asterisk's load and the network to "
            + "callpath (silence, closed connection) or whether this Asterisk speaks the AGI commands callpath sends "
            + "(510/520 replies: callpath expects Asterisk 22)";

    private final String scriptName;
    private final CallFlow script;
    private final Leg leg;
    private final EventSink sink;
    private final Function<CallRequest, SessionClock> clocks;
    private final RateLimitedWarnings warnings = new RateLimitedWarnings(log);
    private final RateLimitedWarnings.Kind channelBrokeKind;
    private final RateLimitedWarnings.Kind badInputKind;

    /** Which channel a script runs on: a hang-up on the caller's is the caller giving up, on any other just the end. */
    public enum Leg {
        /** The caller's channel (incoming, handoff). */
        CALLER,
        /** A seller's or assistant's leg, or a dead leg's hang-up handler (answered, hangup). */
        OTHER
    }

    /**
     * @param leg    the channel the script runs on
     * @param clocks a fresh SessionClock per session, chosen by its request (a simulator gives each call its own time)
     */
    public SessionRunner(
            String scriptName, CallFlow script, Leg leg, EventSink sink, Function<CallRequest, SessionClock> clocks) {
        this.scriptName = scriptName;
        this.script = script;
        this.leg = leg;
        this.sink = sink;
        this.clocks = clocks;
        this.channelBrokeKind = new RateLimitedWarnings.Kind(
                "'" + scriptName + "' sessions whose AGI channel broke", CHANNEL_FAILURE_ADVICE, false);
        this.badInputKind = new RateLimitedWarnings.Kind(
                "'" + scriptName + "' sessions refused for bad input from Asterisk",
                "check the dialplan's AGI() arguments and what the trunk sends",
                false);
    }

    /** The same clock source for every session. */
    public SessionRunner(String scriptName, CallFlow script, Leg leg, EventSink sink, Supplier<SessionClock> clocks) {
        this(scriptName, script, leg, sink, request -> clocks.get());
    }

    @Override
    public void run(Channel channel) {
        SessionClock clock = clocks.apply(channel.request());
        CallRecorder recorder = new CallRecorder(sink, clock, channel.request().uniqueId() + "/" + scriptName);
        String ending;
        boolean channelBroke = false;
        try {
            script.run(channel, recorder);
            ending = recorder.outcome().orElse("done");
        } catch (CallerHungUpException hungUp) {
            ending = hungUp(recorder);
        } catch (ChannelFailureException broken) {
            ending = "failed: " + broken.getMessage();
            channelBroke = true;
            identifyByChannelIfUnknown(recorder, channel, clock);
            recordFailure(recorder, "channel_failure", broken.getMessage());
            trySetFailedStatus(channel);
        } catch (BadInputException badInput) {
            refuseBadInput(channel, recorder, clock, badInput);
            return;
        } catch (RuntimeException bug) {
            ending = "failed: " + bug;
            log.error(
                    "script {} failed on session {}: a bug, please report it with this trace",
                    scriptName,
                    recorder.sessionId(),
                    bug);
            recordFailure(recorder, "internal_error", bug.toString());
            trySetFailedStatus(channel);
        } finally {
            MDC.remove("call");
        }
        String phase = recorder.currentPhase().map(current -> current.key()).orElse("-");
        long tookMillis = Duration.between(clock.sessionStart(), clock.now()).toMillis();
        if (channelBroke) {
            // The operator's line: AGI itself broke (not the caller, not a bug), which only Asterisk's side can fix.
            String endingText = ending;
            warnings.warn(
                    channelBrokeKind,
                    scriptName,
                    () -> "session end script=" + scriptName + " session="
                            + recorder.sessionId() + " call="
                            + recorder.linkedId().orElse("?") + " ending=" + endingText
                            + " phase=" + phase + " tookMs=" + tookMillis + "; " + CHANNEL_FAILURE_ADVICE);
        } else if (ending.startsWith("caller_hung_up")) {
            // INFO: an abandon is what happened to this call, said where it happened
            log.info(
                    "session end script={} session={} call={} ending={} phase={} tookMs={}",
                    scriptName,
                    recorder.sessionId(),
                    recorder.linkedId().orElse("?"),
                    ending,
                    phase,
                    tookMillis);
        } else {
            // DEBUG: a call has three sessions; its one INFO line is LoggingEventSink's "call done"
            log.debug(
                    "session end script={} session={} call={} ending={} phase={} tookMs={}",
                    scriptName,
                    recorder.sessionId(),
                    recorder.linkedId().orElse("?"),
                    ending,
                    phase,
                    tookMillis);
        }
    }

    /**
     * A caller-leg session that broke before it learnt its call (a garbage first reply) still leaves FAILED on the
     * call, under the channel's uniqueid (the linkedid of a call's first channel): never a silent row that the
     * hang-up handler would later make an abandon.
     */
    private void identifyByChannelIfUnknown(CallRecorder recorder, Channel channel, SessionClock clock) {
        String uniqueId = channel.request().uniqueId();
        if (!recorder.knowsCall() && leg == Leg.CALLER && LinkedIds.usable(uniqueId)) {
            recorder.identify(uniqueId, clock.sessionStart());
        }
    }

    /** Bad input is the call's problem, not our bug: one WARN line without a trace, FAILED on the call where possible. */
    private void refuseBadInput(
            Channel channel, CallRecorder recorder, SessionClock clock, BadInputException badInput) {
        identifyByChannelIfUnknown(recorder, channel, clock);
        recordFailure(recorder, "bad_input", badInput.getMessage());
        trySetFailedStatus(channel);
        CallRequest request = channel.request();
        warnings.warn(
                badInputKind,
                scriptName,
                () -> "refused session script=" + scriptName + " session="
                        + LogText.printable(recorder.sessionId()) + " channel="
                        + LogText.printable(request.channelName()) + ": " + badInput.getMessage()
                        + "; told CALLPATH_STATUS=FAILED, the dialplan falls back to the assistants");
    }

    private String hungUp(CallRecorder recorder) {
        if (recorder.outcome().isPresent()) {
            return recorder.outcome().get() + " (then hung up)";
        }
        if (leg == Leg.CALLER && recorder.knowsCall()) {
            recorder.record(EventType.CALLER_HUNG_UP, Map.of());
            return "caller_hung_up";
        }
        return "hung_up";
    }

    private void recordFailure(CallRecorder recorder, String reason, String detail) {
        if (recorder.knowsCall()) {
            String text = detail == null ? reason : detail;
            recorder.record(
                    EventType.FAILED,
                    Map.of("reason", reason, "detail", text.length() > 200 ? text.substring(0, 200) : text));
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
