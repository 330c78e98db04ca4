package io.callpath.flow;

import io.callpath.config.Prompt;
import io.callpath.logs.LogText;
import io.callpath.logs.RateLimitedWarnings;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plays configured prompts in the channel's language and warns when a sound file is missing (once per file, then a summary a minute). */
final class PromptPlayer {

    /** Whispers and short notices are cut after this, so a wrong file cannot hold a call. */
    static final Duration NOTICE_LIMIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(PromptPlayer.class);
    private static final RateLimitedWarnings.Kind MISSING_PROMPT = new RateLimitedWarnings.Kind(
            "plays of a missing prompt", "install the sound files named above on the Asterisk server", true);
    /** Shared by every call: a missing file is one fact, however many calls meet it. */
    private static final RateLimitedWarnings MISSING = new RateLimitedWarnings(log);

    private PromptPlayer() {}

    static Playback play(Channel channel, Prompt prompt, String escapeDigits, Duration budget) {
        String name = prompt.forLanguage(channel.request().language());
        Playback playback = channel.play(name, escapeDigits, budget);
        if (playback.missing()) {
            String shownLanguage = LogText.printable(channel.request().language(), 20);
            MISSING.warn(
                    MISSING_PROMPT,
                    shownLanguage + "/" + name,
                    () -> "prompt '" + name + "' is missing for language '"
                            + shownLanguage + "'; install sounds/" + shownLanguage + "/" + name
                            + ".wav on the Asterisk server "
                            + "or fix the name (check-config --sounds finds these)");
        }
        return playback;
    }

    static Optional<Character> readDigit(Channel channel, Prompt prompt, Duration timeout) {
        return channel.readDigit(prompt.forLanguage(channel.request().language()), timeout);
    }
}
