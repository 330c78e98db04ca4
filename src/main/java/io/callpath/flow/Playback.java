package io.callpath.flow;

import java.util.Optional;

/**
 * How a prompt ended.
 *
 * @param digit      the key that interrupted it, or '\0' when none
 * @param cutByBudget the prompt was stopped because its duration budget ran out
 * @param missing    Asterisk could not find the prompt file (result=-1 endpos=0 on a live channel)
 */
public record Playback(char digit, boolean cutByBudget, boolean missing) {

    public static Playback playedOut() {
        return new Playback('\0', false, false);
    }

    public static Playback interruptedBy(char digit) {
        return new Playback(digit, false, false);
    }

    public static Playback budgetExhausted() {
        return new Playback('\0', true, false);
    }

    public static Playback missingFile() {
        return new Playback('\0', false, true);
    }

    /** The key pressed during the prompt, if any. */
    public Optional<Character> pressed() {
        return digit == '\0' ? Optional.empty() : Optional.of(digit);
    }
}
