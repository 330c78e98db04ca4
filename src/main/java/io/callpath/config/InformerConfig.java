package io.callpath.config;

import java.time.Duration;

/**
 * The line's promo. In mode {@link InformerMode#BEFORE} it plays before the menu and, unless made uninterruptible,
 * any key interrupts it and counts as the menu choice. In mode {@link InformerMode#WHILE_RINGING} it is the music the
 * caller hears while the chosen department rings: Asterisk plays it as the music-on-hold class {@code musicClass}.
 *
 * @param prompt        the promo
 * @param budget        mode before: the promo is cut after this, however long the recording is
 * @param interruptible mode before: whether a key stops the promo (true by default); false plays it to the end, as the
 *                      handbook's "can't skip it" informer does, and keys pressed meanwhile are lost
 * @param mode          before (default) or while-ringing
 * @param musicClass    mode while-ringing: the music-on-hold class (musiconhold.conf) that plays the promo; else null
 * @param greetingClass mode while-ringing, optional: a music-on-hold class that plays the menu's greeting and then the
 *                      promo. Set, the default department rings from the start of the greeting (Dial {@code d}: a key
 *                      the kit's {@code [callpath-keys]} lists ends the ringing and is the menu choice); null: the
 *                      greeting is played first and the phones ring after it
 */
public record InformerConfig(
        Prompt prompt,
        Duration budget,
        boolean interruptible,
        InformerMode mode,
        String musicClass,
        String greetingClass) {

    /** Without a greeting class: in mode while-ringing the greeting plays before the phones ring. */
    public InformerConfig(Prompt prompt, Duration budget, boolean interruptible, InformerMode mode, String musicClass) {
        this(prompt, budget, interruptible, mode, musicClass, null);
    }

    /** An interruptible promo played before the menu. */
    public InformerConfig(Prompt prompt, Duration budget) {
        this(prompt, budget, true, InformerMode.BEFORE, null);
    }

    /** A promo played before the menu. */
    public InformerConfig(Prompt prompt, Duration budget, boolean interruptible) {
        this(prompt, budget, interruptible, InformerMode.BEFORE, null);
    }

    /** What a key not given takes: the kit's promo, cut after 25 s, interruptible, played before the menu. */
    public static InformerConfig defaults() {
        return new InformerConfig(Prompt.of("callpath/informer"), Duration.ofSeconds(25));
    }

    public boolean whileRinging() {
        return mode == InformerMode.WHILE_RINGING;
    }

    /** Whether the default department rings during the greeting (mode while-ringing with a greeting class). */
    public boolean ringsDuringGreeting() {
        return whileRinging() && greetingClass != null && !greetingClass.isBlank();
    }
}
