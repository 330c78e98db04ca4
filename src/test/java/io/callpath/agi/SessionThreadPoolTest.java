package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionThreadPoolTest {

    private static final int SESSIONS = 20;
    private static final SessionThreadFactory PLATFORM = SessionThreadFactory.platform("test");

    private final ServerFixture fixture = new ServerFixture();
    private final List<SessionThreadPool> pools = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
        for (SessionThreadPool pool : pools) {
            pool.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void sessionsOneAfterAnotherReuseThreadsInsteadOfStartingOneEach() throws Exception {
        SessionThreadPool pool = pool(2);
        Set<Thread> used = new HashSet<>();
        for (int session = 0; session < SESSIONS; session++) {
            used.add(runAndReportThread(pool));
            awaitIdle();
        }
        assertThat(used).hasSizeLessThan(SESSIONS);
        assertThat(used).allSatisfy(thread -> assertThat(thread.getName()).matches("agi-session-\\d+"));
        assertThat(pool.pooledThreads()).isBetween(1, 2);
    }

    @Test
    void thePoolNeverGrowsBeyondItsMaximumEvenWhenMoreSessionsRunAtOnce() throws Exception {
        SessionThreadPool pool = pool(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(3);
        for (int session = 0; session < 3; session++) {
            pool.run(() -> {
                running.countDown();
                awaitQuietly(release);
            });
        }
        assertThat(running.await(5, TimeUnit.SECONDS))
                .as("the third session still gets a thread of its own")
                .isTrue();
        assertThat(pool.pooledThreads()).isEqualTo(2);
        release.countDown();
    }

    @Test
    void virtualThreadsNeedNoPool() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
        SessionThreadFactory virtual =
                SessionThreadFactory.choose("virtual", Runtime.version().feature());
        SessionThreadPool pool = new SessionThreadPool(virtual, 2);
        pools.add(pool);
        assertThat(runAndReportThread(pool).getName()).matches("agi-session-\\d+");
        assertThat(pool.pooledThreads()).isZero();
    }

    @Test
    void serverSessionsOneAfterAnotherRunOnReusedPlatformThreads() throws Exception {
        fixture.script("t", channel -> Thread.currentThread());
        FastAgiServer server = fixture.start(ServerFixture.settings(Duration.ofSeconds(2)), PLATFORM);
        Set<Object> threads = new HashSet<>();
        for (int session = 0; session < SESSIONS; session++) {
            try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
                assertThat(peer.readUntilClosed()).isEmpty();
            }
            threads.add(fixture.nextOutcome());
            ServerFixture.awaitNoSessions(server);
        }
        assertThat(threads).hasSizeLessThan(SESSIONS);
        fixture.assertServesNextSession(server);
    }

    private SessionThreadPool pool(int maxThreads) {
        SessionThreadPool pool = new SessionThreadPool(PLATFORM, maxThreads);
        pools.add(pool);
        return pool;
    }

    private static Thread runAndReportThread(SessionThreadPool pool) throws InterruptedException {
        BlockingQueue<Thread> ranOn = new ArrayBlockingQueue<>(1);
        pool.run(() -> ranOn.add(Thread.currentThread()));
        Thread thread = ranOn.poll(5, TimeUnit.SECONDS);
        assertThat(thread).as("the session ran").isNotNull();
        return thread;
    }

    /** Gives the thread that just ran a session the moment it needs to go back to waiting for the next one. */
    private static void awaitIdle() throws InterruptedException {
        Thread.sleep(5);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
