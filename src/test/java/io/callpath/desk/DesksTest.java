package io.callpath.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.ami.NoPbx;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.SmallConfigs;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.InMemoryEventSink;
import io.callpath.events.Phase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The assistant desk's buttons with AMI unset: the answers are still recorded, the transfer says to use the phone. */
class DesksTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final CallpathConfig CONFIG = ConfigLoader.parse(SmallConfigs.ONE_LINE + """
            desk:
              company: Okna Plus
              names: {"201": Anna}
            """, "test");

    private final InMemoryEventSink recorded = new InMemoryEventSink(100);
    private final DeskCalls calls = new DeskCalls(Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));
    private final Desks desks = new Desks(
            CONFIG,
            calls,
            event -> {
                recorded.accept(event);
                calls.accept(event);
            },
            new NoPbx(),
            Clock.fixed(T0.plusSeconds(20), ZoneOffset.UTC));

    @Test
    void withoutAmiTheTransferIsRefusedAtOnceAndTheAnswersAreKept() throws Exception {
        answeredCall("1700000000.7");
        assertThat(desks.assistantPage("201").orElseThrow())
                .containsEntry("pbx", "AMI is not configured (ami.username in callpath.yaml): transfer by phone");

        Desks.ActionResult result = desks.transfer("201", "1700000000.7", "sales", "windows", "radio")
                .get(1, TimeUnit.SECONDS);

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("transfer by phone");
        CallEvent answers = recorded.events("1700000000.7").stream()
                .filter(event -> event.type() == EventType.CALLER_ANSWERS)
                .findFirst()
                .orElseThrow();
        assertThat(answers.attributes())
                .containsEntry("request", "windows")
                .containsEntry("statedSource", "radio")
                .containsEntry("assistant", "201");
        assertThat(answers.offsetMillis()).isEqualTo(20_000);
    }

    @Test
    void unknownPhonesDepartmentsAndCallsAreRefused() throws Exception {
        assertThat(desks.assistantPage("999")).isEmpty();
        assertThat(desks.sellerPage("101")).isPresent();
        assertThat(desks.saveAnswers("201", "no-such-call", "x", "y").ok()).isFalse();
        answeredCall("1700000000.8");
        assertThat(desks.transfer("201", "1700000000.8", "billing", "", "")
                        .get(1, TimeUnit.SECONDS)
                        .message())
                .contains("no transfer to 'billing'");
    }

    private void answeredCall(String linkedId) {
        calls.accept(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                "s",
                EventType.CALL_ARRIVED,
                null,
                T0,
                0,
                Map.of("caller", "5550101", "channel", "PJSIP/trunk-1")));
        calls.accept(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                "s",
                EventType.PHASE_STARTED,
                Phase.ASSISTANT_RINGING,
                T0.plusSeconds(3),
                3_000,
                Map.of("phones", "PJSIP/201")));
        calls.accept(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                "s",
                EventType.ASSISTANT_ANSWERED,
                null,
                T0.plusSeconds(5),
                5_000,
                Map.of("assistant", "PJSIP/201")));
    }
}
