package io.callpath.config;

import java.time.Duration;

/**
 * The promo played before the menu; unless it is made uninterruptible, any key interrupts it and counts as the
 * menu choice.
 *
 * @param prompt        the promo
 * @param budget        the promo is cut after this, however long the recording is
 * @param interruptible whether a key stops the promo (true by default); false plays it to the end, as the handbook's
 *                      "can't skip it" informer does, and keys pressed meanwhile are lost
 */
public record InformerConfig(Prompt prompt, Duration budget, boolean interruptible) {

    /** An interruptible promo. */
    public InformerConfig(Prompt prompt, Duration budget) {
        this(prompt, budget, true);
    }
}
