package io.callpath.config;

import java.time.Duration;
import java.util.List;

/**
 * The assistant group of a line: rung all at once; busy or slow means overflow to the sellers.
 *
 * @param dial          dial strings, rung together
 * @param answerTimeout no answer within this sends the caller straight to the sellers
 * @param whisper       played to the assistant on answer, or null
 */
public record AssistantsConfig(List<String> dial, Duration answerTimeout, Prompt whisper) {

    public AssistantsConfig {
        dial = List.copyOf(dial);
    }

    /** What a key not given takes: nobody to dial yet, 10 s to answer, no whisper. */
    public static AssistantsConfig defaults() {
        return new AssistantsConfig(List.of(), Duration.ofSeconds(10), null);
    }
}
