package io.callpath.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code callpath}: serve, check-config, report, simulate, tune. */
@Command(name = "callpath", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "FastAGI call router for Asterisk that takes every call to a seller and times it.",
        subcommands = {ServeCommand.class, CheckConfigCommand.class, ReportCommand.class, SimulateCommand.class, TuneCommand.class,
                CommandLine.HelpCommand.class})
public final class CallpathCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line with the exit codes and error printing every subcommand shares. */
    public static CommandLine commandLine() {
        return new CommandLine(new CallpathCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new UserErrorHandler());
    }
}
