package io.callpath.pbx;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * callpath's log while a PBX test runs: every io.callpath line at INFO and above into {@code callpath.log} in the test's
 * directory, and WARN/ERROR lines kept for assertions. The console stays quiet, as in the other tests.
 */
public final class CallpathLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.callpath");
    private final ListAppender<ILoggingEvent> problems = new ListAppender<>();
    private final FileAppender<ILoggingEvent> file = new FileAppender<>();
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final Path path;

    CallpathLog(Path path) {
        this.path = path;
        LoggerContext context = logger.getLoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} %X{call} - %msg%n");
        encoder.start();
        file.setContext(context);
        file.setFile(path.toString());
        file.setEncoder(encoder);
        file.start();
        problems.setContext(context);
        problems.addFilter(new ch.qos.logback.core.filter.Filter<>() {
            @Override
            public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent event) {
                return event.getLevel().isGreaterOrEqual(Level.WARN)
                        ? ch.qos.logback.core.spi.FilterReply.NEUTRAL
                        : ch.qos.logback.core.spi.FilterReply.DENY;
            }
        });
        problems.start();
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        logger.addAppender(file);
        logger.addAppender(problems);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    public Path path() {
        return path;
    }

    /** WARN and ERROR lines so far, formatted "LEVEL logger - message". */
    public List<String> problems() {
        synchronized (problems) {
            return problems.list.stream()
                    .map(event -> event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage()
                            + (event.getThrowableProxy() == null
                                    ? ""
                                    : " (" + event.getThrowableProxy().getClassName() + ": "
                                            + event.getThrowableProxy().getMessage() + ")"))
                    .toList();
        }
    }

    /** WARN/ERROR lines that match none of {@code expected}. */
    public List<String> unexpectedProblems(List<Pattern> expected) {
        return problems().stream()
                .filter(line -> expected.stream()
                        .noneMatch(pattern -> pattern.matcher(line).find()))
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(problems);
        logger.detachAppender(file);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
        problems.stop();
        file.stop();
    }
}
