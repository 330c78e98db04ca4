package io.callpath.cli;

import io.callpath.config.ConfigException;
import picocli.CommandLine;

/** Prints a user's mistake (a bad config, a bad option) as a message, not a stack trace; bugs keep their trace. */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int CONFIG_ERROR = 2;

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (exception instanceof ConfigException) {
            commandLine.getErr().println(exception.getMessage());
            return CONFIG_ERROR;
        }
        if (exception instanceof IllegalArgumentException || exception instanceof java.io.UncheckedIOException) {
            commandLine.getErr().println("callpath: " + exception.getMessage());
            return CONFIG_ERROR;
        }
        throw new RuntimeException(exception);
    }
}
