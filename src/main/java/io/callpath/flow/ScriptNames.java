package io.callpath.flow;

import java.util.Map;

/** The FastAGI scripts callpath serves, with the number of AGI() arguments the dialplan passes to each. */
public final class ScriptNames {

    public static final String INCOMING = "incoming";
    public static final String ANSWERED = "answered";
    public static final String HANDOFF = "handoff";
    public static final String HANGUP = "hangup";
    public static final String CALLBACK = "callback";
    public static final String CALLBACK_ANSWERED = "callback-answered";

    /** Script name -> arguments the dialplan must pass (see docs/architecture.md). */
    public static final Map<String, Integer> ARGUMENT_COUNTS = Map.of(
            INCOMING, 1,
            ANSWERED, 5,
            HANDOFF, 1,
            HANGUP, 1,
            CALLBACK, 4,
            CALLBACK_ANSWERED, 1);

    private ScriptNames() {}
}
