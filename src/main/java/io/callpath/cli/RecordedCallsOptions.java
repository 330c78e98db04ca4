package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** What report and tune read: the config, the database the calls are in and the window of calls. */
final class RecordedCallsOptions {

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOption database;

    @Mixin
    WindowOptions window;

    /** The config with {@code environment} and --database-url applied, validated. */
    CallpathConfig load(Map<String, String> environment) {
        return config.load(database.over(environment));
    }
}
