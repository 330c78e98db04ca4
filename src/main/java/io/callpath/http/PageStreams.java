package io.callpath.http;

import io.callpath.threads.DaemonThreads;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages listening to Server-Sent Events, each with what its sender keeps for it, written to by one sender thread of
 * their own: it runs a round at start, when {@link #wake woken}, and at least once a second. A slow page delays the other pages,
 * never a call. At most {@link #MAX_PAGES} pages at once; {@link #add} refuses one more (the route answers 503).
 */
final class PageStreams<S> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PageStreams.class);
    static final int MAX_PAGES = 64;

    private final Map<SseClient, S> pages = new ConcurrentHashMap<>();
    private final String what;
    private final Thread sender;
    private volatile boolean closed;

    /**
     * @param what       the pages, for log lines ("wallboard", "desk")
     * @param threadName the sender thread's name
     * @param round      what the sender does each time: usually {@link #sendToEach}
     */
    PageStreams(String what, String threadName, Consumer<PageStreams<S>> round) {
        this.what = what;
        this.sender = DaemonThreads.unstarted(threadName, () -> {
            while (!closed) {
                round.accept(this);
                LockSupport.parkNanos(1_000_000_000L);
            }
        });
    }

    void start() {
        sender.start();
    }

    /** Runs the sender's next round now rather than within the second. */
    void wake() {
        LockSupport.unpark(sender);
    }

    /** Adds a page after {@code first} sent it what it shows; false when {@link #MAX_PAGES} are listening already. */
    boolean add(SseClient page, S state, BiConsumer<SseClient, S> first) {
        if (pages.size() >= MAX_PAGES) {
            return false;
        }
        page.onClose(() -> pages.remove(page));
        page.keepAlive();
        first.accept(page, state);
        pages.put(page, state);
        return true;
    }

    int size() {
        return pages.size();
    }

    /** Calls {@code send} for every page still open; a page that is gone, or whose send throws, is dropped. */
    void sendToEach(BiConsumer<SseClient, S> send) {
        pages.forEach((page, state) -> {
            if (page.terminated()) {
                pages.remove(page);
            } else {
                sendOrDrop(page, state, send);
            }
        });
    }

    /** Drops {@code page} (its stream failed). */
    void drop(SseClient page) {
        pages.remove(page);
    }

    private void sendOrDrop(SseClient page, S state, BiConsumer<SseClient, S> send) {
        try {
            send.accept(page, state);
        } catch (RuntimeException gone) {
            log.debug("{} page dropped: {}", what, gone.getMessage());
            pages.remove(page);
        }
    }

    /** Stops the sender and ends each page's event stream, so Jetty can stop at once (LiveOps.close calls it first). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sender);
        for (SseClient page : pages.keySet()) {
            try {
                page.close();
            } catch (RuntimeException alreadyGone) {
                log.debug("{} page already gone: {}", what, alreadyGone.getMessage());
            }
        }
        pages.clear();
    }
}
