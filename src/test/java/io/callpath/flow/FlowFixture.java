package io.callpath.flow;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.SessionClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Wires the scripts to a recording sink, an in-memory caller history and fixed clocks. */
final class FlowFixture {

    /** A Wednesday, 10:00 UTC (epoch 1795600800): the demo lines are open. */
    static final Instant OPEN = Instant.parse("2026-11-25T10:00:00Z");

    static final String LINKED_ID = "1795600000.100";
    static final String CDR_START = "1795600000.250000";
    static final String IDS = "${CHANNEL(linkedid)} ${CDR(start,u)}";

    final RecordingSink sink = new RecordingSink();
    final AtomicLong nanos = new AtomicLong();
    final Clock clock;
    final InMemoryCallerHistory history;
    final Map<String, AgiScript> scripts;

    FlowFixture(CallpathConfig config, Instant now) {
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        this.history = new InMemoryCallerHistory(clock, 1000);
        this.scripts = Scripts.create(config, sink, history, request -> new SessionClock(clock, nanos::get));
    }

    static FlowFixture demo() {
        return new FlowFixture(demoConfig(), OPEN);
    }

    static CallpathConfig demoConfig() {
        return ConfigLoader.load(Path.of("src/test/resources/callpath-before.yaml"));
    }

    static CallRequest request(
            String script,
            Map<String, String> parameters,
            List<String> arguments,
            String channelName,
            String language,
            String callerId,
            String callerName) {
        return new CallRequest(
                script,
                parameters,
                arguments,
                "1795600000.100",
                channelName,
                language,
                callerId,
                callerName,
                arguments.isEmpty() ? "unknown" : arguments.get(0),
                "from-trunk",
                arguments.isEmpty() ? "s" : arguments.get(0),
                Map.of());
    }

    /** The caller 5550100 (Alice, English) dialled {@code did}; Asterisk answers the id lookup. */
    static ScriptedChannel caller(String did) {
        return new ScriptedChannel(
                        request("incoming", Map.of(), List.of(did), "PJSIP/trunk-00000001", "en", "5550100", "Alice"))
                .evaluates(IDS, LINKED_ID + " " + CDR_START);
    }

    void run(String script, Channel channel) {
        scripts.get(script).run(channel);
    }
}
