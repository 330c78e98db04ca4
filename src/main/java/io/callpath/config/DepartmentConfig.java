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

    /**
     * What a key not given takes: no sellers yet, 15 s of ringing each, in turn, no whisper, no accept key (5 s and
     * the kit's prompt once one is set), no voicemail, busy sellers skipped.
     */
    public static DepartmentConfig defaults(String name) {
        return new DepartmentConfig(
                name,
                List.of(),
                Duration.ofSeconds(15),
                DialStrategy.SEQUENTIAL,
                null,
                null,
                Duration.ofSeconds(5),
                Prompt.of("callpath/accept"),
                null,
                true);
    }

    /** The accept key as a character, when the department asks for one. */
    public Optional<Character> acceptDigit() {
        return acceptKey == null || acceptKey.isEmpty() ? Optional.empty() : Optional.of(acceptKey.charAt(0));
    }
}
