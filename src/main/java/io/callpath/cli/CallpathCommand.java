package io.callpath.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code callpath}: serve, check-config, report, simulate, tune. */
@Command(
        name = "callpath",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "FastAGI call router for Asterisk that takes every call to a seller and times it.",
        subcommands = {
            ServeCommand.class,
            CheckConfigCommand.class,
            ReportCommand.class,
            SimulateCommand.class,
            TuneCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CallpathCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    CallpathCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * The environment every subcommand applies to its config ({@code CALLPATH_DATABASE_*}, {@code CALLPATH_HTTP_TOKEN},
     * {@code CALLPATH_AMI_SECRET}): the process's, or the one a test gave.
     */
    Map<String, String> environment() {
        return environment;
    }

    /** The command line with the exit codes and error printing every subcommand shares, on the process environment. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** As {@link #commandLine()}, the subcommands seeing {@code environment} instead of the process's. */
    static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new CallpathCommand(environment))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new UserErrorHandler());
    }
}
