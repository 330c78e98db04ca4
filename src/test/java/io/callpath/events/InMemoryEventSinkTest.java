package io.callpath.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryEventSinkTest {

    @Test
    void manyThreadsLoseNoEvent() throws Exception {
        InMemoryEventSink sink = new InMemoryEventSink(1_000);
        int threads = 8;
        int callsPerThread = 50;
        List<CallEvent> sent = new ArrayList<>();
        List<List<CallEvent>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<CallEvent> mine = new ArrayList<>();
            for (int c = 0; c < callsPerThread; c++) {
                // Calls are shared between threads: thread t and t+1 write to the same linkedIds.
                mine.addAll(CallScenario.handbookCall("call-" + ((t / 2) * callsPerThread + c))
                        .events());
            }
            perThread.add(mine);
            sent.addAll(mine);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<CallEvent> mine : perThread) {
                done.add(pool.submit(() -> {
                    start.await();
                    mine.forEach(sink::accept);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<CallEvent> kept = new ArrayList<>();
        sink.summaries().forEach(summary -> kept.addAll(sink.events(summary.linkedId())));
        assertThat(kept).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(sink.summaries())
                .hasSize(threads / 2 * callsPerThread)
                .allSatisfy(summary -> assertThat(summary.timeToSellerMillis()).isEqualTo(58_000L));
    }

    @Test
    void oldestCallIsEvictedBeyondTheBound() {
        InMemoryEventSink sink = new InMemoryEventSink(2);
        CallScenario.handbookCall("first").events().forEach(sink::accept);
        CallScenario.handbookCall("second").events().forEach(sink::accept);
        CallScenario.handbookCall("third").events().forEach(sink::accept);

        assertThat(sink.summaries()).extracting(CallSummary::linkedId).containsExactly("second", "third");
        assertThat(sink.events("first")).isEmpty();
        assertThat(sink.summary("first")).isEmpty();
    }

    @Test
    void summaryFoldsTheCallsEvents() {
        InMemoryEventSink sink = new InMemoryEventSink(10);
        CallScenario.handbookCall("1764151200.1").events().forEach(sink::accept);

        assertThat(sink.summary("1764151200.1"))
                .get()
                .extracting(CallSummary::outcome)
                .isEqualTo(Outcome.REACHED_SELLER);
    }

    @Test
    void awaitEventReturnsAnEventSentFromAnotherThread() throws Exception {
        InMemoryEventSink sink = new InMemoryEventSink(10);
        List<CallEvent> events = CallScenario.handbookCall("1764151200.1").events();
        Thread sender = new Thread(() -> events.forEach(sink::accept), "sender");
        sender.start();

        Optional<CallEvent> connected =
                sink.awaitEvent("1764151200.1", EventType.SELLER_CONNECTED, Duration.ofSeconds(10));

        sender.join(10_000);
        assertThat(connected).get().extracting(CallEvent::type).isEqualTo(EventType.SELLER_CONNECTED);
    }

    @Test
    void awaitEventGivesUpAfterTheTimeout() {
        InMemoryEventSink sink = new InMemoryEventSink(10);
        sink.accept(new CallScenario("1764151200.1").arrived(0).events().get(0));

        assertThat(sink.awaitEvent("1764151200.1", EventType.CALL_ENDED, Duration.ofMillis(50)))
                .isEmpty();
    }

    @Test
    void awaitEventKeepsTheInterruptFlag() {
        InMemoryEventSink sink = new InMemoryEventSink(10);
        Thread.currentThread().interrupt();
        try {
            assertThat(sink.awaitEvent("nobody", EventType.CALL_ENDED, Duration.ofSeconds(10)))
                    .isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
