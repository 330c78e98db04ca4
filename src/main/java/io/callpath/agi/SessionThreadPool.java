package io.callpath.agi;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs AGI sessions on reused platform threads named {@code agi-session-N} (a thread start per session cost
 * ~1,400 starts/s under load, BENCHMARKS.md), or on a new virtual thread each when those were chosen: virtual
 * threads are cheap to start and need no pool.
 */
final class SessionThreadPool {

    private static final Logger log = LoggerFactory.getLogger(SessionThreadPool.class);
    /** Threads kept even when idle: enough for a quiet server, the rest come and go with the load. */
    static final int CORE_THREADS = 8;

    static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

    private final SessionThreadFactory threads;
    private final AtomicLong threadNumbers = new AtomicLong();
    /** Absent (null) on virtual threads: each session gets its own. */
    private final ThreadPoolExecutor pool;

    /** @param maxThreads the most sessions that can run at once (server.maxSessions): the pool never grows beyond it */
    SessionThreadPool(SessionThreadFactory threads, int maxThreads) {
        this.threads = threads;
        if (threads.virtual()) {
            this.pool = null;
        } else {
            // SynchronousQueue: a session never waits in a queue; it gets an idle thread or a new one.
            this.pool = new ThreadPoolExecutor(
                    Math.min(CORE_THREADS, maxThreads),
                    maxThreads,
                    KEEP_ALIVE.toMillis(),
                    TimeUnit.MILLISECONDS,
                    new SynchronousQueue<>(),
                    task -> threads.unstarted(nextName(), task));
        }
    }

    /**
     * Runs {@code session} on a pooled thread. The caller bounds the sessions to maxThreads, but a thread whose
     * session just ended may not yet be back in the pool: then this one session gets a thread of its own.
     */
    void run(Runnable session) {
        if (pool == null) {
            threads.unstarted(nextName(), session).start();
            return;
        }
        try {
            pool.execute(session);
        } catch (RejectedExecutionException allThreadsStillFinishing) {
            if (pool.isShutdown()) {
                throw allThreadsStillFinishing;
            }
            log.debug("every pooled session thread is still finishing its session; one extra thread for this one");
            threads.unstarted(nextName(), session).start();
        }
    }

    /** Threads alive in the pool now (0 on virtual threads). */
    int pooledThreads() {
        return pool == null ? 0 : pool.getPoolSize();
    }

    /** Lets idle pool threads end; sessions still running are left to the server to cut. */
    void shutdown(Duration wait) throws InterruptedException {
        if (pool != null) {
            pool.shutdown();
            pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private String nextName() {
        return "agi-session-" + threadNumbers.incrementAndGet();
    }
}
