package io.callpath.config;

import java.time.Duration;
import java.util.List;

/** The checks the rules of every section share, each with the same message and fix wherever it is used. */
final class Rules {

    private Rules() {}

    static void positive(String key, Duration value, List<ConfigProblem> problems) {
        if (value == null || value.isZero() || value.isNegative()) {
            problems.add(new ConfigProblem(key, "must be longer than zero", "write a duration such as 5s"));
        }
    }

    static void positive(String key, int value, List<ConfigProblem> problems) {
        if (value <= 0) {
            problems.add(new ConfigProblem(key, "is " + value + " but must be above zero", "write a positive number"));
        }
    }

    /** A port to listen on: 0 asks the system for a free one (tests and the simulator use it), logged at start. */
    static void listeningPort(String key, int port, int usual, List<ConfigProblem> problems) {
        if (port < 0 || port > 65_535) {
            problems.add(new ConfigProblem(
                    key,
                    port + " is not a TCP port",
                    "use 1-65535 (" + usual + " by default), or 0 for a free port chosen at start and logged"));
        }
    }

    /** {@code problems} as one exception, for code that is handed settings without going through the loader. */
    static void requireNone(List<ConfigProblem> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(
                    "; ", problems.stream().map(ConfigProblem::toString).toList()));
        }
    }
}
