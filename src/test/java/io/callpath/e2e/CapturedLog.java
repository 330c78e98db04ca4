package io.callpath.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every io.callpath log line at INFO and above while open (logback's ListAppender, no mocks). */
final class CapturedLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.callpath");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previousLevel;
    private final boolean previousAdditive;

    CapturedLog() {
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        // the console stays as quiet as the other tests keep it
        logger.setAdditive(false);
    }

    /** Lines whose formatted message contains {@code fragment}. */
    List<ILoggingEvent> containing(String fragment) {
        return all().stream()
                .filter(event -> event.getFormattedMessage().contains(fragment))
                .toList();
    }

    List<ILoggingEvent> all() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The one line saying {@code fragment}: exactly one, a single line of text, no stack trace. */
    ILoggingEvent oneLine(String fragment) {
        List<ILoggingEvent> found = containing(fragment);
        if (found.size() != 1) {
            throw new AssertionError("expected one log line containing '" + fragment + "' but found " + found.size()
                    + ": "
                    + found.stream().map(ILoggingEvent::getFormattedMessage).toList());
        }
        ILoggingEvent event = found.get(0);
        if (event.getFormattedMessage().contains("\n") || event.getThrowableProxy() != null) {
            throw new AssertionError("log line is not one line: " + event.getFormattedMessage());
        }
        return event;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
        appender.stop();
    }
}
