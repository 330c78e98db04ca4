package io.callpath.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpath.desk.Desks;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
    static final int MAX_PAGES = PageStreams.MAX_PAGES;

    private record Page(Supplier<Optional<Map<String, Object>>> view, String[] lastSent) {}

    private final PageStreams<Page> pages = new PageStreams<>(
            "desk",
            "callpath-desk-sse",
            streams -> streams.sendToEach((client, page) -> send(streams, client, page, false)));

    DeskSubscribers(Desks desks) {
        desks.calls().onChange(pages::wake);
    }

    DeskSubscribers start() {
        pages.start();
        return this;
    }

    /** Adds a page and sends its view at once; false when {@link #MAX_PAGES} are listening already. */
    boolean add(SseClient client, Supplier<Optional<Map<String, Object>>> view) {
        return pages.add(client, new Page(view, new String[1]), (added, page) -> send(pages, added, page, true));
    }

    private static void send(PageStreams<Page> streams, SseClient client, Page page, boolean always) {
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
            streams.drop(client);
        }
    }

    @Override
    public void close() {
        pages.close();
    }
}
