package io.callpath.http;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pages listening on /events (Server-Sent Events). {@link #publish} only stores the newest board and wakes the
 * sender thread ({@code callpath-sse}), which writes it to every page: a slow page delays the other pages, never
 * the feed or a call. At most {@link #MAX_PAGES} pages at once; one more is turned away with 503.
 */
final class BoardSubscribers implements AutoCloseable {

    static final int MAX_PAGES = PageStreams.MAX_PAGES;
    /** A wallboard page keeps nothing of its own: every page is sent the same board. */
    private static final Boolean NO_STATE = Boolean.TRUE;

    private final AtomicReference<String> pending = new AtomicReference<>();
    private final PageStreams<Boolean> pages = new PageStreams<>("wallboard", "callpath-sse", this::sendPending);

    BoardSubscribers start() {
        pages.start();
        return this;
    }

    /** Adds a page and sends it {@code board} at once; false when {@link #MAX_PAGES} are listening already. */
    boolean add(SseClient page, String board) {
        return pages.add(page, NO_STATE, (client, none) -> client.sendEvent("board", board));
    }

    int pages() {
        return pages.size();
    }

    void publish(String board) {
        pending.set(board);
        pages.wake();
    }

    private void sendPending(PageStreams<Boolean> streams) {
        String board = pending.getAndSet(null);
        if (board != null) {
            streams.sendToEach((page, none) -> page.sendEvent("board", board));
        }
    }

    /** Ends each page's event stream; called before the HTTP server stops (LiveOps.close), so Jetty stops at once. */
    @Override
    public void close() {
        pages.close();
    }
}
