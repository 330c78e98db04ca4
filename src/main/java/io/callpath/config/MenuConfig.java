package io.callpath.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The IVR menu of a line.
 *
 * @param prompt        asks for a key
 * @param timeout       how long to wait for a key after the prompt
 * @param retries       further attempts after no key or an invalid key, before the assistants take the call
 * @param noInputPrompt played when no key came
 * @param invalidPrompt played when the key means nothing
 * @param options       digit -> department name, in configured order; "0" always means the assistants
 */
public record MenuConfig(
        Prompt prompt,
        Duration timeout,
        int retries,
        Prompt noInputPrompt,
        Prompt invalidPrompt,
        Map<String, String> options) {

    public MenuConfig {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** What a key not given takes: the kit's prompts, 5 s for a key, 2 retries, and no option. */
    public static MenuConfig defaults() {
        return new MenuConfig(
                Prompt.of("callpath/menu"),
                Duration.ofSeconds(5),
                2,
                Prompt.of("callpath/no-input"),
                Prompt.of("callpath/invalid"),
                Map.of());
    }

    /** The department behind {@code digit}, if the menu has one. */
    public Optional<String> departmentFor(char digit) {
        return Optional.ofNullable(options.get(String.valueOf(digit)));
    }
}
