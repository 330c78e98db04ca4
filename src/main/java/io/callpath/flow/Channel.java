package io.callpath.flow;

import java.time.Duration;
import java.util.Optional;

/**
 * One call leg as the flow sees it: what Asterisk can do on it, and nothing about sockets.
 * Every method is one AGI round trip. A hang-up seen by any method throws {@link CallerHungUpException};
 * a broken or silent peer throws {@link ChannelFailureException}. Text reaching Asterisk is made safe
 * by the implementation: no argument can split or inject a command.
 */
public interface Channel {

    /** What Asterisk told us when the session opened. */
    CallRequest request();

    /** ANSWER. */
    void answer();

    /**
     * STREAM FILE, interruptible by any of {@code escapeDigits}, stopped after {@code budget}.
     * A missing prompt file is reported as {@link Playback#missing()}, not thrown.
     */
    Playback play(String prompt, String escapeDigits, Duration budget);

    /** GET DATA prompt timeout 1: plays the prompt and waits for one digit; empty on timeout. */
    Optional<Character> readDigit(String prompt, Duration timeout);

    /** WAIT FOR DIGIT: empty on timeout. */
    Optional<Character> waitForDigit(Duration timeout);

    /** EXEC application args; returns Asterisk's result code (-2 means no such application). */
    int exec(String application, String arguments);

    /** GET VARIABLE; empty when unset. */
    Optional<String> variable(String name);

    /** GET FULL VARIABLE, with the expression quoted; empty when it evaluates to nothing. */
    Optional<String> evaluate(String expression);

    /** SET VARIABLE. */
    void setVariable(String name, String value);

    /** VERBOSE at level 1, for the Asterisk console. */
    void verbose(String message);

    /** True once a hang-up has been seen on this session (HANGUP line, 511, result=-1). */
    boolean hungUp();
}
