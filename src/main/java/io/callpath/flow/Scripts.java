package io.callpath.flow;

import io.callpath.clock.EventSink;
import io.callpath.clock.SessionClock;
import io.callpath.config.CallpathConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The script registry: each FastAGI script name mapped to its flow, wrapped in the session edge. */
public final class Scripts {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Scripts.class);

    private Scripts() {
    }

    /** {@code clocks} gives the same kind of fresh SessionClock to every session (anchored when the session starts). */
    public static Map<String, AgiScript> create(CallpathConfig config, EventSink sink, CallerHistory callerHistory,
                                                 Supplier<SessionClock> clocks) {
        return create(config, sink, callerHistory, (Function<CallRequest, SessionClock>) request -> clocks.get());
    }

    /** {@code clocks} gives a fresh SessionClock per session, chosen by the session's request. */
    public static Map<String, AgiScript> create(CallpathConfig config, EventSink sink, CallerHistory callerHistory,
                                                 Function<CallRequest, SessionClock> clocks) {
        return create(config, sink, callerHistory, clocks, Optional.empty(), Clock.systemUTC());
    }

    /** {@link #create} with the callback queue ({@code callbacks} empty: the callback scripts only log that callbacks are off). */
    public static Map<String, AgiScript> create(CallpathConfig config, EventSink sink, CallerHistory callerHistory,
                                                 Function<CallRequest, SessionClock> clocks,
                                                 Optional<CallbackJobs> callbacks, Clock wallClock) {
        AgiScript callbacksOff = channel -> log.warn("a callback session arrived but no line has callback.enabled: true");
        return Map.of(
                ScriptNames.INCOMING, new SessionRunner(ScriptNames.INCOMING, new InboundFlow(config, callerHistory), SessionRunner.Leg.CALLER, sink, clocks),
                ScriptNames.ANSWERED, new SessionRunner(ScriptNames.ANSWERED, new AnsweredFlow(config, callerHistory), SessionRunner.Leg.OTHER, sink, clocks),
                ScriptNames.HANDOFF, new SessionRunner(ScriptNames.HANDOFF, new HandoffFlow(config), SessionRunner.Leg.CALLER, sink, clocks),
                ScriptNames.HANGUP, new SessionRunner(ScriptNames.HANGUP, new HangupFlow(), SessionRunner.Leg.OTHER, sink, clocks),
                ScriptNames.CALLBACK, callbacks.<AgiScript>map(jobs -> new CallbackFlow(config, jobs, wallClock)).orElse(callbacksOff),
                ScriptNames.CALLBACK_ANSWERED, callbacks.<AgiScript>map(jobs -> new CallbackAnsweredFlow(jobs, wallClock))
                        .orElse(callbacksOff));
    }
}
