package io.callpath.http;

import io.callpath.threads.DaemonThreads;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages listening on /events (Server-Sent Events). {@link #publish} only stores the newest board and wakes the
 * sender thread ({@code callpath-sse}), which writes it to every page: a slow page delays the other pages, never
 * the feed or a call. At most {@link #MAX_PAGES} pages at once; one more is turned away with 503.
 */
final class BoardSubscribers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoardSubscribers.class);
    static final int MAX_PAGES = 64;

    private final Set<SseClient> pages = ConcurrentHashMap.newKeySet();
    private final Thread sender;
    private final AtomicReference<String> pending = new AtomicReference<>();
    private volatile boolean closed;

    BoardSubscribers() {
        this.sender = DaemonThreads.unstarted("callpath-sse", this::sendLoop);
    }

    BoardSubscribers start() {
        sender.start();
        return this;
    }

    /** Adds a page and sends it {@code board} at once; false when {@link #MAX_PAGES} are listening already. */
    boolean add(SseClient page, String board) {
        if (pages.size() >= MAX_PAGES) {
            return false;
        }
        page.onClose(() -> pages.remove(page));
        page.keepAlive();
        page.sendEvent("board", board);
        pages.add(page);
        return true;
    }

    int pages() {
        return pages.size();
    }

    void publish(String board) {
        pending.set(board);
        LockSupport.unpark(sender);
    }

    private void sendLoop() {
        while (!closed) {
            String board = pending.getAndSet(null);
            if (board == null) {
                LockSupport.parkNanos(1_000_000_000L);
                continue;
            }
            for (SseClient page : pages) {
                try {
                    if (page.terminated()) {
                        pages.remove(page);
                    } else {
                        page.sendEvent("board", board);
                    }
                } catch (RuntimeException gone) {
                    log.debug("wallboard page dropped: {}", gone.getMessage());
                    pages.remove(page);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sender);
        endStreams(pages);
        pages.clear();
    }

    /** Ends each page's event stream; called before the HTTP server stops (LiveOps.close), so Jetty stops at once. */
    static void endStreams(Iterable<SseClient> streams) {
        for (SseClient stream : streams) {
            try {
                stream.close();
            } catch (RuntimeException alreadyGone) {
                log.debug("page already gone: {}", alreadyGone.getMessage());
            }
        }
    }
}
