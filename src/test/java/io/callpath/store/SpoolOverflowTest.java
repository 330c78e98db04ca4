package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.events.CallEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolOverflowTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void eventsBeyondCapacityAreCountedAsLostAndTheRestReachTheSpool() throws IOException {
        List<CallEvent> events = PostgresEventWriterTest.reachedSeller("call-1", T0, "+15550001", "s1")
                .events();
        EventSpool spool = new EventSpool(directory);
        SpoolOverflow overflow = new SpoolOverflow(spool, 3, 10);

        // not started yet: nothing drains, so the fourth event onwards finds the queue full
        List<Boolean> taken = new ArrayList<>();
        events.forEach(event -> taken.add(overflow.offer(event)));
        overflow.start().close();

        assertThat(taken).containsExactly(true, true, true, false, false, false, false, false);
        assertThat(overflow.lostCount()).isEqualTo(events.size() - 3);
        assertThat(spooled(spool)).containsExactlyElementsOf(events.subList(0, 3));
    }

    @Test
    void aStartedSpoolerAppendsEveryEventItWasGiven() throws IOException {
        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.addAll(PostgresEventWriterTest.reachedSeller("call-" + i, T0, "+1555" + i, "s1")
                    .events());
        }
        EventSpool spool = new EventSpool(directory);
        SpoolOverflow overflow = new SpoolOverflow(spool, events.size(), 10).start();

        events.forEach(overflow::offer);
        await("overflow drained").atMost(java.time.Duration.ofSeconds(10)).until(() -> overflow.depth() == 0);
        overflow.close();

        assertThat(overflow.lostCount()).isZero();
        assertThat(spooled(spool)).containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void anEventAfterCloseStillReachesTheSpool() throws IOException {
        List<CallEvent> events = PostgresEventWriterTest.reachedSeller("call-1", T0, "+15550001", "s1")
                .events();
        EventSpool spool = new EventSpool(directory);
        SpoolOverflow overflow = new SpoolOverflow(spool, 10, 10).start();
        overflow.close();

        assertThat(overflow.offer(events.get(0))).isTrue();
        assertThat(spooled(spool)).containsExactly(events.get(0));
    }

    private static List<CallEvent> spooled(EventSpool spool) throws IOException {
        List<CallEvent> events = new ArrayList<>();
        for (Path segment : spool.seal()) {
            events.addAll(spool.read(segment));
        }
        return events;
    }
}
