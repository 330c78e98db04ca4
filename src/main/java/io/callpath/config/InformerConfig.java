package io.callpath.config;

import java.time.Duration;

/**
 * The promo played before the menu; any key interrupts it and counts as the menu choice.
 *
 * @param prompt the promo
 * @param budget the promo is cut after this, however long the recording is
 */
public record InformerConfig(Prompt prompt, Duration budget) {
}
