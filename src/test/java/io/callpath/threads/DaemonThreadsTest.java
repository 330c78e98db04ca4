package io.callpath.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
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

        assertThat(factory.newThread(() -> { }).getName()).isEqualTo("callpath-one");
        assertThat(factory.newThread(() -> { }).isDaemon()).isTrue();
    }

    @Test
    void aNumberedFactoryCountsFromOnePerFactory() {
        ThreadFactory first = DaemonThreads.numbered("pool-");
        ThreadFactory second = DaemonThreads.numbered("other-");

        assertThat(first.newThread(() -> { }).getName()).isEqualTo("pool-1");
        assertThat(first.newThread(() -> { }).getName()).isEqualTo("pool-2");
        assertThat(second.newThread(() -> { }).getName()).isEqualTo("other-1");
        assertThat(second.newThread(() -> { }).isDaemon()).isTrue();
    }
}
