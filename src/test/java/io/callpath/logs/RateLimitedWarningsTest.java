package io.callpath.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedWarningsTest {

    private static final RateLimitedWarnings.Kind REFUSED = new RateLimitedWarnings.Kind(
            "FastAGI connections refused as outside server.allow", "block them at the firewall", true);
    private static final RateLimitedWarnings.Kind BAD_HEADER = new RateLimitedWarnings.Kind(
            "FastAGI connections closed for a bad header", "point only Asterisk at this port", false);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final RateLimitedWarnings warnings = new RateLimitedWarnings(nanos::get, lines::add);

    private void refused(String address) {
        warnings.warn(REFUSED, address, () -> "refused FastAGI connection from " + address);
    }

    @Test
    void firstWarningOfASourceIsWrittenAtOnce() {
        refused("10.0.0.7");
        assertThat(lines).containsExactly("refused FastAGI connection from 10.0.0.7");
    }

    @Test
    void repeatedWarningsOfASourceAreSummarisedAtMostOncePerMinute() {
        for (int i = 0; i < 1000; i++) {
            refused("10.0.0.7");
            advance(Duration.ofMillis(59));
        }
        assertThat(lines).hasSize(1);
        advance(Duration.ofSeconds(1));
        refused("10.0.0.7");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .isEqualTo("999 more FastAGI connections refused as outside server.allow from 1 source"
                        + " in the last 60 s (most: 10.0.0.7 x999); block them at the firewall");
        advance(Duration.ofSeconds(30));
        refused("10.0.0.7");
        assertThat(lines).as("no second summary within the minute").hasSize(2);
        warnings.flush();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("2 more FastAGI connections refused as outside server.allow from 1 source");
    }

    @Test
    void floodFromManySourcesNamesOnlyAFewPerMinute() {
        for (int i = 0; i < 5000; i++) {
            refused("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(lines).hasSize(RateLimitedWarnings.LINES_PER_INTERVAL);
        advance(RateLimitedWarnings.SUMMARY_INTERVAL);
        refused("10.0.0.1");
        assertThat(lines).hasSize(RateLimitedWarnings.LINES_PER_INTERVAL + 2);
        assertThat(lines.get(RateLimitedWarnings.LINES_PER_INTERVAL))
                .startsWith(
                        "4990 more FastAGI connections refused as outside server.allow from more than 1024 sources");
        assertThat(lines.get(RateLimitedWarnings.LINES_PER_INTERVAL + 1))
                .as("a new minute lets a new source be named again")
                .isEqualTo("refused FastAGI connection from 10.0.0.1");
    }

    @Test
    void kindThatIsNotOncePerSourceWritesTenLinesAMinuteFromOneSource() {
        for (int i = 0; i < 20_000; i++) {
            int n = i;
            warnings.warn(BAD_HEADER, "127.0.0.1", () -> "closed connection " + n);
        }
        assertThat(lines).hasSize(RateLimitedWarnings.LINES_PER_INTERVAL);
        warnings.flush();
        assertThat(lines)
                .hasSize(RateLimitedWarnings.LINES_PER_INTERVAL + 1)
                .last()
                .asString()
                .startsWith(
                        "19990 more FastAGI connections closed for a bad header from 1 source in the last 1 s (most: 127.0.0.1 x19990)");
    }

    @Test
    void eachKindHasItsOwnBudgetAndSummary() {
        for (int i = 0; i < 30; i++) {
            warnings.warn(BAD_HEADER, "127.0.0.1", () -> "bad header");
            refused("10.0.0." + i);
        }
        assertThat(lines).hasSize(2 * RateLimitedWarnings.LINES_PER_INTERVAL);
        warnings.flush();
        assertThat(lines.subList(20, 22))
                .satisfiesExactlyInAnyOrder(
                        line -> assertThat(line).startsWith("20 more FastAGI connections closed for a bad header"),
                        line -> assertThat(line)
                                .startsWith(
                                        "20 more FastAGI connections refused as outside server.allow from 20 sources"));
    }

    @Test
    void lineIsNotBuiltWhenItIsOnlyCounted() {
        refused("10.0.0.7");
        warnings.warn(REFUSED, "10.0.0.7", () -> {
            throw new AssertionError("built a line that was only counted");
        });
        assertThat(lines).hasSize(1);
    }

    @Test
    void flushWithNothingCountedWritesNothing() {
        refused("10.0.0.7");
        warnings.flush();
        assertThat(lines).hasSize(1);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
