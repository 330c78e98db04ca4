package io.callpath.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingEventSinkTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(LoggingEventSink.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureLog() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    @Test
    void endedCallLogsOneSummaryLineWithTheCallInMdc() {
        LoggingEventSink sink = new LoggingEventSink(10);
        CallScenario.handbookCall("1764151200.1").events().forEach(sink::accept);

        List<ILoggingEvent> info = infoLines();
        assertThat(info).hasSize(1);
        assertThat(info.get(0).getFormattedMessage())
                .isEqualTo("call done route=assistant outcome=reached_seller"
                        + " timeToSellerMs=58000 phases=informer:25000,menu:5000,assistant_ringing:3000,"
                        + "assistant_talking:17000,transfer_hold:4000,seller_ringing:3000,whisper:1000");
        assertThat(info.get(0).getMDCPropertyMap()).containsEntry("call", "1764151200.1");
        assertThat(sink.liveCalls()).isZero();
    }

    @Test
    void everyEventIsLoggedAtDebug() {
        LoggingEventSink sink = new LoggingEventSink(10);
        List<CallEvent> events = CallScenario.handbookCall("1764151200.1").events();
        events.forEach(sink::accept);

        assertThat(appender.list)
                .filteredOn(line -> line.getLevel() == Level.DEBUG)
                .hasSize(events.size());
    }

    @Test
    void liveCallsStayBoundedWhenHangupsNeverArrive() {
        LoggingEventSink sink = new LoggingEventSink(3);
        for (int i = 0; i < 10; i++) {
            new CallScenario("call-" + i)
                    .arrived(0)
                    .phase(0, Phase.INFORMER)
                    .events()
                    .forEach(sink::accept);
        }

        assertThat(sink.liveCalls()).isEqualTo(3);
        assertThat(infoLines())
                .hasSize(7)
                .allSatisfy(line -> assertThat(line.getFormattedMessage()).endsWith("(no CALL_ENDED seen)"));
        assertThat(appender.list)
                .filteredOn(line -> line.getLevel() == Level.WARN)
                .hasSize(1);
    }

    @Test
    void lateEventOfAnEndedCallDoesNotReviveIt() {
        LoggingEventSink sink = new LoggingEventSink(10);
        CallScenario call = CallScenario.handbookCall("1764151200.1");
        call.events().forEach(sink::accept);

        new CallScenario("1764151200.1")
                .inSession("1764151231.7/hangup")
                .event(EventType.CALLER_HUNG_UP, 301_000)
                .events()
                .forEach(sink::accept);

        assertThat(sink.liveCalls()).isZero();
        assertThat(infoLines()).hasSize(1);
    }

    @Test
    void callerControlledTextCannotForgeALogLine() {
        LoggingEventSink sink = new LoggingEventSink(10);
        new CallScenario("1764151200.1")
                .arrived(0, "callerName", "Eve\n12:00:00 INFO fake line")
                .events()
                .forEach(sink::accept);

        assertThat(appender.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("\n"));
    }

    @Test
    void callersMdcIsRestored() {
        LoggingEventSink sink = new LoggingEventSink(10);
        MDC.put("call", "outer");
        try {
            CallScenario.handbookCall("1764151200.1").events().forEach(sink::accept);
            assertThat(MDC.get("call")).isEqualTo("outer");
        } finally {
            MDC.remove("call");
        }
    }

    private List<ILoggingEvent> infoLines() {
        return appender.list.stream()
                .filter(line -> line.getLevel() == Level.INFO)
                .toList();
    }
}
