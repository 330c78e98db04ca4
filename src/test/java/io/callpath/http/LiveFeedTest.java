package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.Phase;
import io.callpath.store.CallStory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

    private static final Instant NOW = Instant.parse("2026-03-05T10:00:00Z");

    @Test
    void aFullQueueDropsAndCountsInsteadOfMakingTheCallWait() {
        // not started: nothing drains the queue, as when the feed's thread is far behind
        LiveFeed feed = new LiveFeed(
                new LiveCalls(ZoneOffset.UTC, NOW),
                new CallMetrics(new SimpleMeterRegistry(), Duration.ofSeconds(10), Duration.ofSeconds(5)),
                new BoardSubscribers(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                (from, to) -> List.of(),
                dayStart -> List.of());
        CallEvent event =
                CallStory.call("A", NOW, "+1").phase(Phase.MENU, 0).events().get(1);
        for (int i = 0; i < LiveFeed.QUEUE_CAPACITY + 25; i++) {
            feed.accept(event);
        }
        assertThat(feed.droppedEvents()).isEqualTo(25);
    }
}
