package io.callpath.tune;

/**
 * How one caller-model key was fitted, for the "how well is it known" table.
 *
 * @param key          the model key ({@code keys.inPromo})
 * @param value        the value written into the model, as the model file writes it
 * @param observations waits or calls the value was estimated from
 * @param events       of those, the ones where the thing happened (keys pressed, hang-ups, answers)
 * @param spread       the value's uncertainty in words ({@code ±0.04}), or empty
 * @param thin         too few observations: the model keeps the base model's value instead
 * @param note         where it comes from, or why it was not fitted
 */
public record FittedValue(
        String key, String value, int observations, int events, String spread, boolean thin, String note) {}
