package io.callpath.flow;

import io.callpath.config.CallpathConfig;
import io.callpath.events.EventSink;
import io.callpath.events.SessionClock;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/** The script registry: each FastAGI script name mapped to its flow, wrapped in the session edge. */
public final class Scripts {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Scripts.class);

    private Scripts() {}

    /**
     * The scripts of a server whose lines do not call back (the callback scripts only log that callbacks are off).
     *
     * @param clocks a fresh SessionClock per session, chosen by the session's request
     */
    public static Map<String, AgiScript> create(
            CallpathConfig config,
            EventSink sink,
            CallerHistory callerHistory,
            Function<CallRequest, SessionClock> clocks) {
        AgiScript callbacksOff =
                channel -> log.warn("a callback session arrived but no line has callback.enabled: true");
        return scripts(config, sink, callerHistory, clocks, callbacksOff, callbacksOff);
    }

    /** {@link #create}, with the callback scripts working the queue {@code callbacks}. */
    public static Map<String, AgiScript> createWithCallbacks(
            CallpathConfig config,
            EventSink sink,
            CallerHistory callerHistory,
            Function<CallRequest, SessionClock> clocks,
            CallbackJobs callbacks,
            Clock wallClock) {
        return scripts(
                config,
                sink,
                callerHistory,
                clocks,
                new CallbackFlow(config, callbacks, wallClock),
                new CallbackAnsweredFlow(callbacks, wallClock));
    }

    private static Map<String, AgiScript> scripts(
            CallpathConfig config,
            EventSink sink,
            CallerHistory callerHistory,
            Function<CallRequest, SessionClock> clocks,
            AgiScript callback,
            AgiScript callbackAnswered) {
        return Map.of(
                ScriptNames.INCOMING,
                        new SessionRunner(
                                ScriptNames.INCOMING,
                                new InboundFlow(config, callerHistory),
                                SessionRunner.Leg.CALLER,
                                sink,
                                clocks),
                ScriptNames.ANSWERED,
                        new SessionRunner(
                                ScriptNames.ANSWERED,
                                new AnsweredFlow(config, callerHistory),
                                SessionRunner.Leg.OTHER,
                                sink,
                                clocks),
                ScriptNames.HANDOFF,
                        new SessionRunner(
                                ScriptNames.HANDOFF, new HandoffFlow(config), SessionRunner.Leg.CALLER, sink, clocks),
                ScriptNames.HANGUP,
                        new SessionRunner(ScriptNames.HANGUP, new HangupFlow(), SessionRunner.Leg.OTHER, sink, clocks),
                ScriptNames.CALLBACK, callback,
                ScriptNames.CALLBACK_ANSWERED, callbackAnswered);
    }
}
