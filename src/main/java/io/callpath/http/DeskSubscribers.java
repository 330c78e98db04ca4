package io.callpath.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpath.desk.Desks;
import io.callpath.threads.DaemonThreads;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk pages listening on {@code /desk/api/ROLE/EXT/events}. Every event of a call wakes the sender thread
 * ({@code callpath-desk-sse}), which recomputes each page's view and sends it when it changed; once a second it also
 * re-reads (the AMI status can change without a call event). A call never waits on it: {@link Desks#calls()} only
 * unparks this thread. At most {@link #MAX_PAGES} pages; one more is turned away with 503.
 */
final class DeskSubscribers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeskSubscribers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_PAGES = 64;

    private record Page(Supplier<Optional<Map<String, Object>>> view, String[] lastSent) {
    }

    private final Map<SseClient, Page> pages = new ConcurrentHashMap<>();
    private final Thread sender;
    private volatile boolean closed;

    DeskSubscribers(Desks desks) {
        this.sender = DaemonThreads.unstarted("callpath-desk-sse", this::sendLoop);
        desks.calls().onChange(() -> LockSupport.unpark(sender));
    }

    DeskSubscribers start() {
        sender.start();
        return this;
    }

    /** Adds a page and sends its view at once; false when {@link #MAX_PAGES} are listening already. */
    boolean add(SseClient client, Supplier<Optional<Map<String, Object>>> view) {
        if (pages.size() >= MAX_PAGES) {
            return false;
        }
        client.onClose(() -> pages.remove(client));
        client.keepAlive();
        Page page = new Page(view, new String[1]);
        send(client, page, true);
        pages.put(client, page);
        return true;
    }

    private void sendLoop() {
        while (!closed) {
            LockSupport.parkNanos(1_000_000_000L);
            pages.forEach((client, page) -> {
                if (client.terminated()) {
                    pages.remove(client);
                } else {
                    send(client, page, false);
                }
            });
        }
    }

    private void send(SseClient client, Page page, boolean always) {
        try {
            Optional<Map<String, Object>> view = page.view().get();
            if (view.isEmpty()) {
                return;
            }
            Map<String, Object> comparable = new java.util.LinkedHashMap<>(view.get());
            comparable.remove("serverNow");
            String key = JSON.writeValueAsString(comparable);
            if (!always && key.equals(page.lastSent()[0])) {
                return;
            }
            page.lastSent()[0] = key;
            client.sendEvent("desk", JSON.writeValueAsString(view.get()));
        } catch (JsonProcessingException | RuntimeException gone) {
            log.debug("desk page dropped: {}", gone.getMessage());
            pages.remove(client);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sender);
        BoardSubscribers.endStreams(pages.keySet());
        pages.clear();
    }
}
