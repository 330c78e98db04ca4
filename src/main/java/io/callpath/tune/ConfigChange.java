package io.callpath.tune;

import io.callpath.config.CallpathConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One setting changed, as the YAML a user would write and as the config it makes.
 *
 * @param group     what kind of setting ({@code informer}, {@code menu}, {@code assistants}, {@code ring}); a
 *                  combined candidate takes at most one change per group and owner
 * @param owner     {@code lines[main]} or {@code departments.sales}
 * @param path      the key under the owner, e.g. {@code menu.timeout}
 * @param value     the new value as YAML, or empty to delete the key's block
 * @param dependsOn caller-model keys the change's effect rests on; a thin one makes the change undecidable
 * @param apply     the config with the change made
 */
record ConfigChange(
        String group,
        String owner,
        String path,
        String value,
        List<String> dependsOn,
        UnaryOperator<CallpathConfig> apply) {

    ConfigChange {
        dependsOn = List.copyOf(dependsOn);
    }

    /** {@code menu.timeout: 3s} or {@code delete informer:}. */
    String label() {
        return value.isEmpty() ? "no " + path : path + " " + value;
    }
}
