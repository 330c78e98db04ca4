package io.callpath.tune;

import io.callpath.config.CallpathConfig;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config to simulate: the current one with some changes made.
 *
 * @param changes the changes, none for the current config
 * @param name    how the table names it, or empty for its changes' labels
 */
record Candidate(List<ConfigChange> changes, String name) {

    Candidate {
        changes = List.copyOf(changes);
    }

    Candidate(List<ConfigChange> changes) {
        this(changes, "");
    }

    static Candidate current() {
        return new Candidate(List.of());
    }

    /** One setting changed. */
    static Candidate of(ConfigChange change) {
        return new Candidate(List.of(change));
    }

    /** What the candidate changes, for combining: at most one candidate per owner and group of settings. */
    String setting() {
        ConfigChange first = changes.get(0);
        return first.owner() + " " + first.group();
    }

    boolean isCurrent() {
        return changes.isEmpty();
    }

    String label() {
        if (!name.isEmpty()) {
            return name;
        }
        return isCurrent()
                ? "current config"
                : changes.stream()
                        .map(change -> shortOwner(change) + change.label())
                        .collect(Collectors.joining(" + "));
    }

    CallpathConfig apply(CallpathConfig config) {
        CallpathConfig changed = config;
        for (ConfigChange change : changes) {
            changed = change.apply().apply(changed);
        }
        return changed;
    }

    List<String> dependsOn() {
        return changes.stream()
                .flatMap(change -> change.dependsOn().stream())
                .distinct()
                .toList();
    }

    /** The YAML to put into the config file. */
    String yaml() {
        StringBuilder yaml = new StringBuilder();
        List<ConfigChange> lineChanges =
                changes.stream().filter(c -> c.owner().startsWith("lines[")).toList();
        List<ConfigChange> departmentChanges = changes.stream()
                .filter(c -> c.owner().startsWith("departments."))
                .toList();
        if (!lineChanges.isEmpty()) {
            yaml.append("lines:\n");
            lineChanges.stream().map(ConfigChange::owner).distinct().forEach(owner -> {
                yaml.append("  - name: ")
                        .append(owner, "lines[".length(), owner.length() - 1)
                        .append('\n');
                owned(
                        yaml,
                        lineChanges.stream()
                                .filter(c -> c.owner().equals(owner))
                                .toList());
            });
        }
        if (!departmentChanges.isEmpty()) {
            yaml.append("departments:\n");
            departmentChanges.stream().map(ConfigChange::owner).distinct().forEach(owner -> {
                yaml.append("  ")
                        .append(owner.substring("departments.".length()))
                        .append(":\n");
                owned(
                        yaml,
                        departmentChanges.stream()
                                .filter(c -> c.owner().equals(owner))
                                .toList());
            });
        }
        return yaml.toString();
    }

    /** The owner's changes as nested YAML; paths have at most two levels ({@code menu.timeout}). */
    private static void owned(StringBuilder yaml, List<ConfigChange> changes) {
        String section = "";
        for (ConfigChange change : changes) {
            String[] keys = change.path().split("\\.", 2);
            if (change.value().isEmpty()) {
                yaml.append("    # delete ")
                        .append(keys.length == 1 ? "the " + keys[0] + ": block" : change.path())
                        .append('\n');
                section = "";
            } else if (keys.length == 1) {
                yaml.append("    ")
                        .append(keys[0])
                        .append(": ")
                        .append(change.value())
                        .append('\n');
                section = "";
            } else {
                if (!keys[0].equals(section)) {
                    yaml.append("    ").append(keys[0]).append(":\n");
                    section = keys[0];
                }
                yaml.append("      ")
                        .append(keys[1])
                        .append(": ")
                        .append(change.value())
                        .append('\n');
            }
        }
    }

    private static String shortOwner(ConfigChange change) {
        return change.owner().startsWith("departments.") ? change.owner().substring("departments.".length()) + " " : "";
    }
}
