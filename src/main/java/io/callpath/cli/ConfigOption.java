package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The --config option every command but simulate shares; CALLPATH_CONFIG sets its default. */
final class ConfigOption {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "${env:CALLPATH_CONFIG:-config/callpath.yaml}",
            description = "The YAML configuration (default: ${DEFAULT-VALUE}).")
    Path file;

    /** The file with {@code environment} applied, validated. */
    CallpathConfig load(Map<String, String> environment) {
        return ConfigLoader.load(file, environment);
    }
}
