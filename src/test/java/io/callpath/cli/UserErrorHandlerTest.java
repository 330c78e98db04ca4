package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ConfigException;
import io.callpath.config.ConfigProblem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UserErrorHandlerTest {

    private final StringWriter err = new StringWriter();

    private int handle(Exception exception) {
        CommandLine commandLine = CallpathCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return new UserErrorHandler().handleExecutionException(exception, commandLine, null);
    }

    @Test
    void theUsersMistakesAreOneLineWithoutATrace() {
        assertThat(handle(new UserInputException("--from 'yesterday' is not an ISO-8601 instant")))
                .isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(handle(new ConfigException(
                        "callpath.yaml", List.of(new ConfigProblem("server.port", "is bad", "fix it")))))
                .isEqualTo(UserErrorHandler.CONFIG_ERROR);

        assertThat(err.toString())
                .contains("callpath: --from 'yesterday' is not an ISO-8601 instant")
                .contains("server.port")
                .doesNotContain("\tat ")
                .doesNotContain("report it");
    }

    @Test
    void anyOtherExceptionIsABugWithItsTraceAndItsOwnExitCode() {
        int exit = handle(new IllegalArgumentException("capacity < 1: 0"));

        assertThat(exit)
                .isEqualTo(UserErrorHandler.BUG)
                .isNotEqualTo(UserErrorHandler.CONFIG_ERROR)
                .isNotEqualTo(1);
        assertThat(err.toString())
                .contains("java.lang.IllegalArgumentException: capacity < 1: 0")
                .contains("\tat io.callpath.cli.UserErrorHandlerTest")
                .contains("this is a bug in callpath")
                .contains("please report it");
    }

    @Test
    void anUnreadableFileTheUserNamedIsOneLine() {
        CommandLine commandLine = CallpathCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));

        int exit = commandLine.execute(
                "simulate", "--print-model", "--set", "keys.inPromo=0.4", "--model", "/nonexistent/model.yaml");

        assertThat(exit).as(err.toString()).isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString())
                .contains("cannot read the caller model /nonexistent/model.yaml")
                .doesNotContain("\tat ");
    }
}
