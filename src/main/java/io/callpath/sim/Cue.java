package io.callpath.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing a scripted party does on its channel: press a key or hang up, anchored to a moment.
 *
 * @param action what happens
 * @param digit  the key for {@link Action#PRESS}, '\0' for a hang-up
 * @param anchor what {@code offset} counts from
 * @param prompt the prompt name for {@link Anchor#IN_PROMPT}, otherwise empty
 * @param offset audio time (unscaled) after the anchor
 */
public record Cue(Action action, char digit, Anchor anchor, String prompt, Duration offset) {

    /** Press a key or hang up. */
    public enum Action {
        PRESS,
        HANG_UP
    }

    /** What a cue's offset counts from. */
    public enum Anchor {
        /** From the channel's creation; a key pressed while no command listens is lost, as in Asterisk. */
        CHANNEL_TIME,
        /** From the start of the first STREAM FILE / GET DATA of the named prompt. */
        IN_PROMPT,
        /** From the start of the next GET DATA. */
        NEXT_GET_DATA,
        /** From the start of the next WAIT FOR DIGIT. */
        NEXT_WAIT_FOR_DIGIT,
        /** From the start of the next command that listens for keys (STREAM FILE with escape digits, GET DATA, WAIT FOR DIGIT). */
        NEXT_KEY_COMMAND,
        /** From the start of the next EXEC Dial on this channel. */
        IN_DIAL
    }

    public Cue {
        Objects.requireNonNull(action, "action == null");
        Objects.requireNonNull(anchor, "anchor == null");
        Objects.requireNonNull(prompt, "prompt == null");
        Objects.requireNonNull(offset, "offset == null");
        if (offset.isNegative()) {
            throw new IllegalArgumentException("offset cannot be negative: " + offset);
        }
        if (action == Action.PRESS && "0123456789*#ABCD".indexOf(digit) < 0) {
            throw new IllegalArgumentException("not a DTMF key: '" + digit + "'");
        }
        if (anchor == Anchor.IN_PROMPT && prompt.isEmpty()) {
            throw new IllegalArgumentException("IN_PROMPT needs a prompt name");
        }
    }

    public static Cue pressAt(Duration sinceChannelStart, char digit) {
        return new Cue(Action.PRESS, digit, Anchor.CHANNEL_TIME, "", sinceChannelStart);
    }

    public static Cue pressInPrompt(String prompt, Duration intoPrompt, char digit) {
        return new Cue(Action.PRESS, digit, Anchor.IN_PROMPT, prompt, intoPrompt);
    }

    public static Cue pressInNextGetData(char digit, Duration intoCommand) {
        return new Cue(Action.PRESS, digit, Anchor.NEXT_GET_DATA, "", intoCommand);
    }

    public static Cue pressInNextWaitForDigit(char digit, Duration intoCommand) {
        return new Cue(Action.PRESS, digit, Anchor.NEXT_WAIT_FOR_DIGIT, "", intoCommand);
    }

    public static Cue pressInNextKeyCommand(char digit, Duration intoCommand) {
        return new Cue(Action.PRESS, digit, Anchor.NEXT_KEY_COMMAND, "", intoCommand);
    }

    public static Cue hangUpAt(Duration sinceChannelStart) {
        return new Cue(Action.HANG_UP, '\0', Anchor.CHANNEL_TIME, "", sinceChannelStart);
    }

    public static Cue hangUpInPrompt(String prompt, Duration intoPrompt) {
        return new Cue(Action.HANG_UP, '\0', Anchor.IN_PROMPT, prompt, intoPrompt);
    }

    public static Cue hangUpInDial(Duration intoDial) {
        return new Cue(Action.HANG_UP, '\0', Anchor.IN_DIAL, "", intoDial);
    }
}
