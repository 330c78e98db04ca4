package io.callpath.flow;

import io.callpath.config.Prompt;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plays configured prompts in the channel's language and warns once per play when a sound file is missing. */
final class PromptPlayer {

    /** Whispers and short notices are cut after this, so a wrong file cannot hold a call. */
    static final Duration NOTICE_LIMIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(PromptPlayer.class);

    private PromptPlayer() {
    }

    static Playback play(Channel channel, Prompt prompt, String escapeDigits, Duration budget) {
        String name = prompt.forLanguage(channel.request().language());
        Playback playback = channel.play(name, escapeDigits, budget);
        if (playback.missing()) {
            log.warn("prompt '{}' is missing for language '{}'; install sounds/{}/{}.wav on the Asterisk server "
                    + "or fix the name (check-config --sounds finds these)", name, channel.request().language(),
                    channel.request().language(), name);
        }
        return playback;
    }

    static Optional<Character> readDigit(Channel channel, Prompt prompt, Duration timeout) {
        return channel.readDigit(prompt.forLanguage(channel.request().language()), timeout);
    }
}
