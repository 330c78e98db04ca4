package io.callpath.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command shares; CALLPATH_CONFIG sets its default. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            defaultValue = "${env:CALLPATH_CONFIG:-config/callpath.yaml}",
            description = "The YAML configuration (default: ${DEFAULT-VALUE}).")
    Path file;
}
