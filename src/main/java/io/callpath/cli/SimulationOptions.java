package io.callpath.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How many simulated callers, how many at once, how fast and which draw: simulate's and tune's options. */
final class SimulationOptions {

    @Option(
            names = {"-n", "--calls"},
            description = "Simulated callers (tune: per candidate) (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--concurrency", description = "Simulated calls at once (default: ${DEFAULT-VALUE}).")
    int concurrency = 20;

    @Option(
            names = "--time-scale",
            description =
                    "Real seconds per audio second: 0.01 plays a 25 s promo in 250 ms (default: ${DEFAULT-VALUE}); "
                            + "in-process it changes only how long the run takes, not its numbers.")
    double timeScale;

    @Option(
            names = "--seed",
            description = "Seed of the callers' draws; same seed, same callers (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    /** For picocli's factory; a command gives its own defaults with the other constructor. */
    SimulationOptions() {
        this(200, 0.01);
    }

    SimulationOptions(int calls, double timeScale) {
        this.calls = calls;
        this.timeScale = timeScale;
    }

    /** What is wrong with the options, each naming its option; empty when they can run. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (calls < 1) {
            problems.add("--calls must be at least 1, was " + calls);
        }
        if (concurrency < 1) {
            problems.add("--concurrency must be at least 1, was " + concurrency);
        }
        if (!(timeScale > 0) || timeScale > 1) {
            problems.add("--time-scale must be above 0 and at most 1 (1 = real time), was " + timeScale);
        }
        return problems;
    }
}
