package io.callpath.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A team of sellers.
 *
 * @param name          the key under {@code departments:}
 * @param sellers       dial strings in hunt order
 * @param ringTimeout   how long each seller rings (the whole group, for ringall)
 * @param strategy      sequential or ringall
 * @param whisper       played to the seller on answer, or null
 * @param acceptKey     the key the seller must press to take the call, or null for no accept step
 * @param acceptTimeout how long the seller has to press it
 * @param acceptPrompt  asks the seller to press it
 * @param voicemail     dial string tried when no seller answered, or null
 * @param skipBusySellers pass over, without ringing, a seller whose device is in use, busy, ringing or on hold
 */
public record DepartmentConfig(
        String name,
        List<String> sellers,
        Duration ringTimeout,
        DialStrategy strategy,
        Prompt whisper,
        String acceptKey,
        Duration acceptTimeout,
        Prompt acceptPrompt,
        String voicemail,
        boolean skipBusySellers) {

    public DepartmentConfig {
        sellers = List.copyOf(sellers);
    }

    /** The accept key as a character, when the department asks for one. */
    public Optional<Character> acceptDigit() {
        return acceptKey == null || acceptKey.isEmpty() ? Optional.empty() : Optional.of(acceptKey.charAt(0));
    }
}
