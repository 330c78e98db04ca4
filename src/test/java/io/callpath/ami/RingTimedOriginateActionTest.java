package io.callpath.ami;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.asteriskjava.manager.action.OriginateAction;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A callback attempt rings a seller for 8 s without asterisk-java warning that such an Originate will fail. */
class RingTimedOriginateActionTest {

    private static List<String> warningsWhile(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger("org.asteriskjava");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level previous = logger.getLevel();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theRingTimeIsTheTimeoutAndNothingIsWarned() {
        List<String> warnings = warningsWhile(() ->
                assertThat(new RingTimedOriginateAction(8_000).getTimeout()).isEqualTo(8_000L));

        assertThat(warnings).isEmpty();
    }

    @Test
    void asteriskJavasOwnSetterWarnsForTheSameTimeout() {
        assertThat(warningsWhile(() -> new OriginateAction().setTimeout(8_000L)))
                .singleElement()
                .asString()
                .contains("will cause the originate to fail");
    }
}
