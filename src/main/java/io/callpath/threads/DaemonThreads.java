package io.callpath.threads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for background work (they never keep the JVM alive; each owner stops its own on close). */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** A daemon thread named {@code name} that runs {@code task}; not started yet. */
    public static Thread unstarted(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Makes daemon threads all named {@code name} (for an executor of one thread). */
    public static ThreadFactory named(String name) {
        return task -> unstarted(name, task);
    }

    /** Makes daemon threads named {@code prefix}1, {@code prefix}2, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return task -> unstarted(prefix + number.incrementAndGet(), task);
    }

    /**
     * Waits up to {@code limit} for an executor that was told to shut down to finish; an interrupt ends the wait early and
     * stays set for the caller.
     */
    public static void awaitTermination(ExecutorService executor, Duration limit) {
        try {
            executor.awaitTermination(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
