package io.callpath.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The assistant and seller desks ({@code desk:} in the YAML): what the handbook's script fills in.
 *
 * @param company      the company name the assistant greets with (step 1)
 * @param names        extension -> the person's first name at that phone, e.g. "201": Anna (step 1)
 * @param heardOptions the pick-list of "how did you hear about us?" (free text is always allowed too)
 * @param phones       extension -> dial string, where the dial string is not TECH/extension (e.g. PJSIP/201)
 * @param transferTo   departments with a "transfer to" button on the assistant desk; empty = every department
 */
public record DeskSettings(
        String company,
        Map<String, String> names,
        List<String> heardOptions,
        Map<String, String> phones,
        List<String> transferTo) {

    /** Longest pick-list entry or name, in characters. */
    public static final int MAX_TEXT = 80;

    public DeskSettings {
        Objects.requireNonNull(company, "company == null");
        names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        heardOptions = List.copyOf(heardOptions);
        phones = Collections.unmodifiableMap(new LinkedHashMap<>(phones));
        transferTo = List.copyOf(transferTo);
    }

    public static DeskSettings defaults() {
        return new DeskSettings("", Map.of(), List.of(), Map.of(), List.of());
    }
}
