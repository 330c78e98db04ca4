package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What report and tune read: the config, the database the calls are in and the window of calls. */
final class RecordedCallsOptions {

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOption database;

    @Mixin
    WindowOptions window;

    /** The command these options belong to (report or tune), below {@link CallpathCommand}. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The config with the command line's environment and --database-url applied, validated. */
    CallpathConfig load() {
        CallpathCommand callpath = (CallpathCommand) command.parent().userObject();
        return config.load(database.over(callpath.environment()));
    }
}
