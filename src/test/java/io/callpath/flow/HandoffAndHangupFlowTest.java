package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoffAndHangupFlowTest {

    private static final String HANDOFF_VARIABLES = "${CHANNEL(linkedid)}|${CALLPATH_T0}|${CALLPATH_LINE}";
    private static final String HANGUP_VARIABLES = "${CHANNEL(linkedid)}|${HANGUPCAUSE}|${DIALSTATUS}|${CALLPATH_T0}";

    private final FlowFixture fixture = FlowFixture.demo();

    private static ScriptedChannel transferredCaller(String department) {
        return new ScriptedChannel(FlowFixture.request(
                        "handoff", Map.of(), List.of(department), "PJSIP/trunk-00000001", "en", "5550100", "Alice"))
                .evaluates(HANDOFF_VARIABLES, FlowFixture.LINKED_ID + "|1795600790.000000|main");
    }

    @Test
    void handoffIsTimedAsTransferHoldThenSellerRinging() {
        ScriptedChannel caller = transferredCaller("sales").dial("PJSIP/101", "ANSWER");

        fixture.run("handoff", caller);

        assertThat(fixture.sink.only(EventType.TRANSFERRED).attributes()).containsEntry("department", "sales");
        assertThat(fixture.sink.ofType(EventType.PHASE_STARTED))
                .extracting(CallEvent::phase)
                .containsExactly(Phase.TRANSFER_HOLD, Phase.SELLER_RINGING);
        assertThat(caller.played()).containsExactly("callpath/connecting");
        assertThat(caller.dials())
                .singleElement()
                .asString()
                .startsWith("PJSIP/101,15,U(callpath-answered^" + FlowFixture.LINKED_ID
                        + "^seller^main^sales^1795600790.000000)");
        assertThat(fixture.sink.only(EventType.TRANSFERRED).offsetMillis()).isEqualTo(10_000);
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void handoffToAnUnknownDepartmentFailsSoTheDialplanFallsBack() {
        ScriptedChannel caller = transferredCaller("salse");

        fixture.run("handoff", caller);

        assertThat(fixture.sink.only(EventType.FAILED).attributes()).containsEntry("reason", "unknown_department");
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("FAILED");
        assertThat(caller.dials()).isEmpty();
    }

    @Test
    void callerLegHangupRecordsCallEndedWithCauseAndDialStatus() {
        ScriptedChannel leg = new ScriptedChannel(FlowFixture.request(
                        "hangup",
                        Map.of("leg", "caller"),
                        List.of(FlowFixture.LINKED_ID),
                        "PJSIP/trunk-00000001",
                        "en",
                        "5550100",
                        "Alice"))
                .evaluates(HANGUP_VARIABLES, FlowFixture.LINKED_ID + "|16|ANSWER|1795600790.000000");

        fixture.run("hangup", leg);

        CallEvent ended = fixture.sink.only(EventType.CALL_ENDED);
        assertThat(ended.attributes()).containsEntry("cause", "16").containsEntry("dialStatus", "ANSWER");
        assertThat(ended.offsetMillis()).isEqualTo(10_000);
        assertThat(leg.commands()).allMatch(command -> command.startsWith("EVAL ") || command.startsWith("GET "));
    }

    @Test
    void sellerLegHangupRecordsNothing() {
        ScriptedChannel leg = new ScriptedChannel(FlowFixture.request(
                "hangup",
                Map.of("leg", "seller"),
                List.of(FlowFixture.LINKED_ID),
                "PJSIP/101-0000002a",
                "en",
                "5550100",
                "Alice"));

        fixture.run("hangup", leg);

        assertThat(fixture.sink.events()).isEmpty();
        assertThat(leg.commands()).isEmpty();
    }
}
