package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpath.events.EventType;
import io.callpath.events.SessionClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The repeat-caller lookup runs while the call goes on, and is awaited only when the route needs it. */
class InboundLookupTimingTest {

    private final RecordingSink sink = new RecordingSink();
    private final ScriptedChannel caller = FlowFixture.caller("5551000");

    @Test
    void lookupStartsBeforeAnswerAndItsAnswerRoutesTheRepeatCaller() {
        PendingHistory history = new PendingHistory(caller);
        history.answer.complete(
                Optional.of(new CallerHistory.PreviousCall(FlowFixture.OPEN.minusSeconds(600), "PJSIP/102")));
        caller.dial("PJSIP/102", "ANSWER");

        run(history);

        assertThat(history.commandsWhenAsked).isNotEmpty().doesNotContain("ANSWER");
        assertThat(caller.commands()).contains("ANSWER");
        assertThat(history.asked).containsExactly("5550100 " + FlowFixture.LINKED_ID);
        assertThat(caller.played()).isEmpty();
        assertThat(sink.only(EventType.CALL_ARRIVED).attributes())
                .containsEntry("repeat", "true")
                .containsEntry("lastSeller", "PJSIP/102");
    }

    @Test
    void lookupThatNeverAnswersMeansANewCallerAfterTheLookupTimeout() {
        PendingHistory history = new PendingHistory(caller);
        caller.press("callpath/informer", '1').dial("PJSIP/101", "ANSWER");

        run(history);

        assertThat(caller.played()).containsExactly("callpath/informer");
        assertThat(sink.only(EventType.CALL_ARRIVED).attributes()).containsEntry("repeat", "false");
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void callerWhoHangsUpDuringAnswerIsStillRecordedAsArrived() {
        PendingHistory history = new PendingHistory(caller);
        caller.hangUpAtStep(4);

        assertThatThrownBy(() -> run(history)).isInstanceOf(CallerHungUpException.class);

        assertThat(caller.commands()).last().isEqualTo("ANSWER");
        assertThat(sink.only(EventType.CALL_ARRIVED).attributes())
                .containsEntry("repeat", "false")
                .containsEntry("caller", "5550100");
    }

    private void run(CallerHistory history) {
        SessionClock clock =
                new SessionClock(java.time.Clock.fixed(FlowFixture.OPEN, java.time.ZoneOffset.UTC), () -> 0L);
        new InboundFlow(FlowFixture.demoConfig(), history).run(caller, new CallRecorder(sink, clock, "s1/incoming"));
    }

    /** A history whose answer the test gives (or never gives); remembers what the call had done when asked. */
    private static final class PendingHistory implements CallerHistory {
        final CompletableFuture<Optional<PreviousCall>> answer = new CompletableFuture<>();
        final List<String> asked = new ArrayList<>();
        final ScriptedChannel channel;
        List<String> commandsWhenAsked = List.of();

        PendingHistory(ScriptedChannel channel) {
            this.channel = channel;
        }

        @Override
        public CompletableFuture<Optional<PreviousCall>> lookupAsync(
                String callerNumber, String currentLinkedId, Duration window) {
            asked.add(callerNumber + " " + currentLinkedId);
            commandsWhenAsked = List.copyOf(channel.commands());
            return answer;
        }

        @Override
        public Optional<PreviousCall> lookup(String callerNumber, String currentLinkedId, Duration window) {
            throw new AssertionError("the flow must not wait on a synchronous lookup");
        }

        @Override
        public void remember(String callerNumber, String linkedId, String seller, String department, Instant at) {}
    }
}
