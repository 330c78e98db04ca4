package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callpath.config.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DatabaseUrlMaskingTest {

    private static final String SECRET = "in-the-url-0123";

    @Test
    void theLogShowsTheUrlWithItsPasswordMasked(@TempDir Path spool) {
        // the embedded PostgreSQL trusts local connections: the password in the URL is carried, not needed
        String url = "jdbc:postgresql://localhost:" + SharedPostgres.port() + "/postgres?password=" + SECRET
                + "&ApplicationName=masking-test";
        DatabaseSettings settings =
                new DatabaseSettings(url, "postgres", "", spool, 0, spool, 100, 10, 2, Duration.ofMillis(200));
        Logger logger = (Logger) LoggerFactory.getLogger(Database.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level level = logger.getLevel();
        boolean additive = logger.isAdditive();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        try (Database database = Database.start(settings, Map.of())) {
            assertThat(database.jdbcUrl())
                    .as("psql and reports still get the URL as given")
                    .contains(SECRET);
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
            logger.setAdditive(additive);
        }

        List<String> lines =
                appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("database external url=")
                        .contains("password=<masked>&ApplicationName=masking-test"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(SECRET));
    }
}
