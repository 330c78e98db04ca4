package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.config.ServerSettings;
import io.callpath.flow.AgiScript;
import io.callpath.flow.CallRequest;
import io.callpath.flow.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts FastAgiServers on port 0 with test scripts, records what the scripts saw, and checks the server recovers. */
final class ServerFixture implements AutoCloseable {

    /** What a test script does with its channel; the value it returns is recorded. */
    interface Body {
        Object run(Channel channel);
    }

    /** One rejection the server reported. */
    record Rejection(CallRequest request, String linkedId, String reason) {}

    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> probeOutcomes = new LinkedBlockingQueue<>();
    final BlockingQueue<Rejection> rejections = new LinkedBlockingQueue<>();
    private final Map<String, AgiScript> scripts = new HashMap<>();
    private final List<FastAgiServer> servers = new ArrayList<>();

    ServerFixture() {
        scripts.put("probe", channel -> probeOutcomes.add(channel.variable("PROBE")));
    }

    static ServerSettings settings(Duration commandTimeout) {
        return new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.1", "127.0.0.2"),
                10,
                Duration.ofSeconds(2),
                commandTimeout,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
    }

    /** Registers {@code body} as script {@code name}; its result or exception goes to {@link #nextOutcome()}. */
    ServerFixture script(String name, Body body) {
        scripts.put(name, channel -> {
            try {
                Object result = body.run(channel);
                outcomes.add(result == null ? "done" : result);
            } catch (RuntimeException failure) {
                outcomes.add(failure);
                throw failure;
            }
        });
        return this;
    }

    FastAgiServer start(ServerSettings settings) {
        return start(settings, SessionThreadFactory.fromSystemProperty());
    }

    FastAgiServer start(ServerSettings settings, SessionThreadFactory threads) {
        FastAgiServer server = new FastAgiServer(
                settings,
                scripts,
                (request, linkedId, reason) -> rejections.add(new Rejection(request, linkedId, reason)),
                threads);
        servers.add(server);
        server.start();
        return server;
    }

    FastAgiServer start() {
        return start(settings(Duration.ofSeconds(2)));
    }

    /** What the next finished test script returned or threw. */
    Object nextOutcome() throws InterruptedException {
        Object outcome = outcomes.poll(5, TimeUnit.SECONDS);
        assertThat(outcome).as("a script outcome").isNotNull();
        return outcome;
    }

    Rejection nextRejection() throws InterruptedException {
        Rejection rejection = rejections.poll(5, TimeUnit.SECONDS);
        assertThat(rejection).as("a rejection").isNotNull();
        return rejection;
    }

    /** A fresh session from an allowed address runs to its end, and no session is left behind. */
    void assertServesNextSession(FastAgiServer server) throws IOException, InterruptedException {
        awaitNoSessions(server);
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("probe")) {
            peer.expect("GET VARIABLE PROBE", "200 result=1 (alive)\n");
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(probeOutcomes.poll(5, TimeUnit.SECONDS)).isEqualTo(Optional.of("alive"));
        awaitNoSessions(server);
    }

    static void awaitNoSessions(FastAgiServer server) throws InterruptedException {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(server.activeSessions())
                        .as("active sessions")
                        .isZero());
    }

    /** Waits until {@code server} has begun its shutdown (it drains before it stops). */
    static void awaitDraining(FastAgiServer server) throws InterruptedException {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .untilAsserted(() ->
                        assertThat(server.counts().draining()).as("draining").isTrue());
    }

    @Override
    public void close() {
        servers.forEach(server -> server.shutdown(Duration.ZERO));
    }
}
