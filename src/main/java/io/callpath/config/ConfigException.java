package io.callpath.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; lists every problem found, not just the first. */
public final class ConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(source + " has " + problems.size() + " problem(s):\n"
                + problems.stream().map(problem -> "  - " + problem).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
