package io.callpath.cli;

import io.callpath.config.ConfigException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Prints the user's mistakes (a bad config, a bad option, a file or port that cannot be used) as one line; anything
 * else is a bug in callpath, printed with its stack trace and a request to report it, under its own exit code.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** A bad config, option or input file, or a file or port that cannot be used. */
    static final int CONFIG_ERROR = 2;
    /** A bug: sysexits.h's EX_SOFTWARE, "internal software error". */
    static final int BUG = 70;

    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof ConfigException) {
            err.println(exception.getMessage());
            return CONFIG_ERROR;
        }
        if (exception instanceof UserInputException || exception instanceof UncheckedIOException) {
            err.println("callpath: " + exception.getMessage());
            return CONFIG_ERROR;
        }
        exception.printStackTrace(err);
        err.println("callpath: this is a bug in callpath, not in what you gave it; please report it with the trace "
                + "above and the output of `callpath --version`");
        err.flush();
        return BUG;
    }
}
