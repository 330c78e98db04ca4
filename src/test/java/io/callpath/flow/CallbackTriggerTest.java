package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallbackTriggerTest {

    /** A Wednesday, 10:00 UTC. */
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static String simulateYamlWith(String callbackBlock) throws IOException {
        String yaml = Files.readString(Path.of("config/simulate.yaml"));
        yaml = yaml.replaceAll("(?m)^    callback:\\n(      .*\\n)+", "");
        return yaml.replace(
                "    connectingPrompt: callpath/connecting\n",
                "    connectingPrompt: callpath/connecting\n" + callbackBlock);
    }

    private static CallpathConfig config(String callbackBlock) throws IOException {
        return ConfigLoader.parse(simulateYamlWith(callbackBlock), "test.yaml");
    }

    private static final String ON = "    callback:\n      enabled: true\n      delay: 30s\n";

    @Test
    void aCallerWhoHangsUpAfterTheShortAbandonIsQueuedForTheLinesDepartment() throws IOException {
        RecordingJobs jobs = new RecordingJobs();
        CallbackTrigger trigger = new CallbackTrigger(config(ON), jobs);

        trigger.accept(arrived("call-1", "+15550100"));
        trigger.accept(event("call-1", EventType.CALL_ENDED, 32_000, Map.of()));

        assertThat(jobs.queued).singleElement().satisfies(request -> {
            assertThat(request.number()).isEqualTo("+15550100");
            assertThat(request.line()).isEqualTo("main");
            assertThat(request.department()).isEqualTo("sales");
            assertThat(request.waited()).isEqualTo(Duration.ofSeconds(32));
            assertThat(request.dueAt()).isEqualTo(T0.plusSeconds(32 + 30));
        });
    }

    @Test
    void aShortAbandonAReachedSellerAnUncallableNumberOrALineWithoutCallbacksQueueNothing() throws IOException {
        RecordingJobs jobs = new RecordingJobs();
        CallbackTrigger trigger = new CallbackTrigger(config(ON), jobs);

        trigger.accept(arrived("short", "+15550101"));
        trigger.accept(event("short", EventType.CALL_ENDED, 4_999, Map.of()));
        trigger.accept(arrived("served", "+15550102"));
        trigger.accept(event("served", EventType.SELLER_CONNECTED, 8_000, Map.of("seller", "PJSIP/101")));
        trigger.accept(event("served", EventType.CALL_ENDED, 60_000, Map.of()));
        trigger.accept(arrived("anonymous", "anonymous"));
        trigger.accept(event("anonymous", EventType.CALL_ENDED, 40_000, Map.of()));
        assertThat(jobs.queued).isEmpty();

        RecordingJobs offJobs = new RecordingJobs();
        CallbackTrigger off = new CallbackTrigger(config(""), offJobs);
        off.accept(arrived("call-1", "+15550100"));
        off.accept(event("call-1", EventType.CALL_ENDED, 32_000, Map.of()));
        assertThat(offJobs.queued).isEmpty();
        assertThat(offJobs.cancelled).isEmpty();
    }

    @Test
    void aNewCallFromTheNumberCancelsItsCallback() throws IOException {
        RecordingJobs jobs = new RecordingJobs();
        CallbackTrigger trigger = new CallbackTrigger(config(ON), jobs);

        trigger.accept(arrived("call-2", "+15550100"));

        assertThat(jobs.cancelled).containsExactly("+15550100 called_in");
    }

    @Test
    void quietHoursOverMidnightStopDialling() throws IOException {
        CallpathConfig config = config(ON + "      quietHours: \"20:00-09:00\"\n");

        assertThat(CallbackRules.mayDial(config.lines().get(0), Instant.parse("2026-11-25T10:00:00Z")))
                .isTrue();
        assertThat(CallbackRules.mayDial(config.lines().get(0), Instant.parse("2026-11-25T21:00:00Z")))
                .isFalse();
        assertThat(CallbackRules.mayDial(config.lines().get(0), Instant.parse("2026-11-26T08:59:00Z")))
                .isFalse();
    }

    @Test
    void checkConfigNamesAnUnknownCallbackDepartmentAndABadPattern() throws IOException {
        String yaml = simulateYamlWith(
                ON + "      department: salse\n      callablePattern: \"[0-9\"\n      maxBusySellers: 0\n");

        assertThat(ConfigLoader.check(yaml, Optional.empty()))
                .extracting(problem -> problem.key())
                .contains(
                        "lines[0].callback.department",
                        "lines[0].callback.callablePattern",
                        "lines[0].callback.maxBusySellers");
    }

    private static CallEvent arrived(String linkedId, String caller) {
        return event(linkedId, EventType.CALL_ARRIVED, 0, Map.of("line", "main", "caller", caller));
    }

    private static CallEvent event(String linkedId, EventType type, long offsetMillis, Map<String, String> attributes) {
        return new CallEvent(
                UUID.randomUUID(),
                linkedId,
                linkedId + "/incoming",
                type,
                null,
                T0.plusMillis(offsetMillis),
                offsetMillis,
                attributes);
    }

    /** Remembers what it was asked to queue and cancel. */
    static final class RecordingJobs implements CallbackJobs {
        final List<CallbackRequest> queued = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();

        @Override
        public void queue(CallbackRequest request) {
            queued.add(request);
        }

        @Override
        public void cancel(String number, String reason, Instant at) {
            cancelled.add(number + " " + reason);
        }

        @Override
        public Optional<CallbackJob> claim(Set<String> lines, String server, Instant now, Duration lease) {
            return Optional.empty();
        }

        @Override
        public java.util.concurrent.CompletableFuture<Boolean> sellerAnswered(
                CallbackAttempt attempt, String seller, Instant at, Instant leaseUntil) {
            return java.util.concurrent.CompletableFuture.completedFuture(true);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Confirmation> confirm(CallbackAttempt attempt, Instant at) {
            return java.util.concurrent.CompletableFuture.completedFuture(Confirmation.HELD);
        }

        @Override
        public void connected(CallbackAttempt attempt, Instant at) {}

        @Override
        public void attemptFailed(CallbackAttempt attempt, String reason, Instant at) {}

        @Override
        public int expireLeases(Instant now) {
            return 0;
        }
    }
}
