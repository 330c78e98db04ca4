package io.callpath.agi;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalWarningsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final RefusalWarnings warnings = new RefusalWarnings(nanos::get, lines::add);

    @Test
    void firstRefusalOfAnAddressIsLoggedAtOnceWithTheFix() throws Exception {
        warnings.refused(address("10.0.0.7"));
        assertThat(lines).containsExactly("refused FastAGI connection from 10.0.0.7: not in server.allow; add 10.0.0.7"
                + " to server.allow if it is your Asterisk (further refusals are summarised once a minute)");
    }

    @Test
    void repeatedRefusalsAreSummarisedAtMostOncePerMinute() throws Exception {
        for (int i = 0; i < 1000; i++) {
            warnings.refused(address("10.0.0.7"));
            advance(Duration.ofMillis(59));
        }
        assertThat(lines).hasSize(1);
        advance(Duration.ofSeconds(1));
        warnings.refused(address("10.0.0.7"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("refused 999 more FastAGI connections from 1 address outside server.allow in the last 60 s"
                + " (most: 10.0.0.7 x999); add an address to server.allow only if it is your Asterisk");
        advance(Duration.ofSeconds(30));
        warnings.refused(address("10.0.0.7"));
        assertThat(lines).as("no second summary within the minute").hasSize(2);
        warnings.flush();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("refused 2 more FastAGI connections from 1 address");
    }

    @Test
    void portScanFromManyAddressesNamesOnlyAFewNewOnesPerMinute() throws Exception {
        for (int i = 0; i < 5000; i++) {
            warnings.refused(address("10.1." + (i / 256) + "." + (i % 256)));
        }
        assertThat(lines).hasSize(RefusalWarnings.NEW_ADDRESS_LINES_PER_INTERVAL);
        advance(RefusalWarnings.SUMMARY_INTERVAL);
        warnings.refused(address("10.0.0.1"));
        assertThat(lines).hasSize(RefusalWarnings.NEW_ADDRESS_LINES_PER_INTERVAL + 2);
        assertThat(lines.get(RefusalWarnings.NEW_ADDRESS_LINES_PER_INTERVAL))
                .startsWith("refused 4990 more FastAGI connections from more than 1024 addresses");
        assertThat(lines.get(RefusalWarnings.NEW_ADDRESS_LINES_PER_INTERVAL + 1))
                .as("a new minute lets a new address be named again").contains("from 10.0.0.1:");
    }

    @Test
    void flushWithNothingUnloggedLogsNothing() throws Exception {
        warnings.refused(address("10.0.0.7"));
        warnings.flush();
        assertThat(lines).hasSize(1);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
