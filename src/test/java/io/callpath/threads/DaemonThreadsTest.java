package io.callpath.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void anUnstartedThreadIsANamedDaemonThatRunsItsTask() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Thread thread = DaemonThreads.unstarted("callpath-test", ran::countDown);

        assertThat(thread.getName()).isEqualTo("callpath-test");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
        thread.start();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aNamedFactoryGivesEveryThreadTheSameName() {
        ThreadFactory factory = DaemonThreads.named("callpath-one");

        assertThat(factory.newThread(() -> {}).getName()).isEqualTo("callpath-one");
        assertThat(factory.newThread(() -> {}).isDaemon()).isTrue();
    }

    @Test
    void aNumberedFactoryCountsFromOnePerFactory() {
        ThreadFactory first = DaemonThreads.numbered("pool-");
        ThreadFactory second = DaemonThreads.numbered("other-");

        assertThat(first.newThread(() -> {}).getName()).isEqualTo("pool-1");
        assertThat(first.newThread(() -> {}).getName()).isEqualTo("pool-2");
        assertThat(second.newThread(() -> {}).getName()).isEqualTo("other-1");
        assertThat(second.newThread(() -> {}).isDaemon()).isTrue();
    }

    @Test
    void awaitingTerminationReturnsOnceTheExecutorHasFinished() {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = shutDownWhileBusy(release);

        DaemonThreads.awaitTermination(executor, Duration.ofMillis(20));
        assertThat(executor.isTerminated()).isFalse();
        release.countDown();
        DaemonThreads.awaitTermination(executor, Duration.ofSeconds(10));
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = shutDownWhileBusy(release);
        try {
            Thread.currentThread().interrupt();
            DaemonThreads.awaitTermination(executor, Duration.ofMinutes(5));

            assertThat(Thread.interrupted()).isTrue();
            assertThat(executor.isTerminated()).isFalse();
        } finally {
            release.countDown();
        }
    }

    /** An executor told to shut down while its one task waits for {@code release}. */
    private static ExecutorService shutDownWhileBusy(CountDownLatch release) {
        ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("callpath-test"));
        executor.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        executor.shutdown();
        return executor;
    }
}
