package io.callpath.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One YAML mapping being read into a record: every read names its key, every problem is collected,
 * and {@link #finish()} reports the keys nobody asked for.
 */
final class ConfigSection {

    private final JsonNode node;
    private final String path;
    private final List<ConfigProblem> problems;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigSection(JsonNode node, String path, List<ConfigProblem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** A section of another node that reports into the same problem list. */
    ConfigSection nested(JsonNode other, String otherPath) {
        return new ConfigSection(other, otherPath, problems);
    }

    String path() {
        return path;
    }

    String key(String name) {
        return ConfigPaths.child(path, name);
    }

    void problem(String key, String message, String fix) {
        problems.add(new ConfigProblem(key, message, fix));
    }

    boolean has(String name) {
        known.add(name);
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    JsonNode raw(String name) {
        known.add(name);
        return node.get(name);
    }

    /** A text value, or {@code fallback} when absent (null fallback = optional). */
    String text(String name, String fallback) {
        JsonNode value = raw(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problem(key(name), "must be a single value, not a list or a mapping", "write it as `" + name + ": value`");
            return fallback;
        }
        return value.asText();
    }

    String requiredText(String name, String example) {
        String value = text(name, null);
        if (value == null || value.isBlank()) {
            problem(key(name), "is required", "add `" + name + ": " + example + "`");
            return "";
        }
        return value;
    }

    Duration duration(String name, Duration fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        Optional<Duration> parsed = Durations.parse(value);
        if (parsed.isEmpty()) {
            problem(
                    key(name),
                    "'" + value + "' is not a duration",
                    "write a whole number with a unit: 500ms, 25s, 2m, 24h or 1d");
            return fallback;
        }
        return parsed.get();
    }

    int integer(String name, int fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException notANumber) {
            problem(key(name), "'" + value + "' is not a whole number", "write a number such as " + fallback);
            return fallback;
        }
    }

    boolean bool(String name, boolean fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        problem(key(name), "'" + value + "' is not true or false", "write true or false");
        return fallback;
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(java.util.Locale.ROOT));
        }
        problem(key(name), "'" + value + "' is not one of " + allowed, "use one of " + allowed);
        return fallback;
    }

    /** A list of text values; a single value is taken as a list of one. */
    List<String> texts(String name) {
        JsonNode value = raw(name);
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (value.isTextual()) {
            result.add(value.asText());
            return result;
        }
        if (!value.isArray()) {
            problem(key(name), "must be a list", "write `" + name + ": [a, b]`");
            return result;
        }
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (item.isTextual()) {
                result.add(item.asText());
            } else {
                problem(key(name) + "[" + index + "]", "must be a single value", "write a plain value");
            }
        }
        return result;
    }

    /** A prompt: a name, or a mapping language -> name with {@code default}. */
    Prompt prompt(String name, Prompt fallback) {
        JsonNode value = raw(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isTextual()) {
            return Prompt.of(value.asText());
        }
        if (!value.isObject()) {
            problem(
                    key(name),
                    "must be a prompt name or a mapping language -> name",
                    "write `" + name + ": callpath/menu` or `" + name
                            + ": {default: callpath/menu, ru: callpath/menu-ru}`");
            return fallback;
        }
        Map<String, String> byLanguage = new TreeMap<>();
        value.properties().forEach(entry -> {
            if (entry.getValue().isTextual()) {
                byLanguage.put(entry.getKey(), entry.getValue().asText());
            } else {
                problem(
                        ConfigPaths.child(key(name), entry.getKey()),
                        "must be a prompt name",
                        "write a name such as callpath/menu");
            }
        });
        String defaultName = byLanguage.remove("default");
        if (defaultName == null) {
            problem(key(name), "has no `default` entry", "add `default: <prompt name>` for languages not listed");
            defaultName = byLanguage.values().stream().findFirst().orElse("");
        }
        return new Prompt(defaultName, byLanguage);
    }

    /** A nested mapping, or null when absent. */
    ConfigSection section(String name) {
        JsonNode value = raw(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            problem(key(name), "must be a mapping", "indent its keys under `" + name + ":`");
            return null;
        }
        return new ConfigSection(value, key(name), problems);
    }

    /** Each entry of a nested mapping, for maps keyed by user names (departments, options, weekly). */
    void entries(Consumer<Map.Entry<String, JsonNode>> each) {
        node.properties().forEach(entry -> {
            known.add(entry.getKey());
            each.accept(entry);
        });
    }

    /** Reports every key that was present but never read. */
    void finish() {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problem(key(name), "is not a known key", "check the spelling; known keys here: " + known);
            }
        });
    }
}
