package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnsweredFlowTest {

    private final FlowFixture fixture = FlowFixture.demo();

    private static ScriptedChannel seller(String channelName, String department) {
        return new ScriptedChannel(FlowFixture.request(
                        "answered",
                        Map.of(),
                        List.of(FlowFixture.LINKED_ID, "seller", "main", department, FlowFixture.CDR_START),
                        channelName,
                        "en",
                        "5551000",
                        "unknown"))
                // as on a real seller leg (transcript 07): agi_callerid is the dialled number, the caller is the
                // connected line
                .evaluates(CALLER_STATE, "0|5550100");
    }

    /** What the whisper session reads just before t_seller: the caller's hang-up flag and number. */
    private static final String CALLER_STATE =
            "${IMPORT(${CALLPATH_CALLER},CHANNEL(checkhangup))}|${CONNECTEDLINE(num)}";

    @Test
    void sellerPressingTheAcceptKeyIsConnectedAndRemembered() {
        ScriptedChannel seller = seller("PJSIP/101-0000002a", "sales").press("callpath/accept", '1');

        fixture.run("answered", seller);

        assertThat(seller.played()).containsExactly("callpath/line-main", "callpath/dept-sales", "callpath/accept");
        assertThat(fixture.sink.types())
                .containsExactly(EventType.SELLER_ANSWERED, EventType.PHASE_STARTED, EventType.SELLER_CONNECTED);
        assertThat(fixture.sink.only(EventType.PHASE_STARTED).phase()).isEqualTo(Phase.WHISPER);
        assertThat(fixture.sink.only(EventType.SELLER_CONNECTED).attributes()).containsEntry("seller", "PJSIP/101");
        assertThat(fixture.history.lookup("5550100", "another-call", Duration.ofHours(24)))
                .hasValueSatisfying(
                        previous -> assertThat(previous.lastSeller()).isEqualTo("PJSIP/101"));
        assertThat(seller.variableSet("GOSUB_RESULT")).isEmpty();
    }

    @Test
    void acceptKeyPressedDuringTheWhisperConnectsAtOnce() {
        ScriptedChannel seller = seller("PJSIP/101-0000002a", "sales").press("callpath/line-main", '1');

        fixture.run("answered", seller);

        assertThat(seller.played()).containsExactly("callpath/line-main");
        assertThat(fixture.sink.types()).contains(EventType.SELLER_CONNECTED);
    }

    @Test
    void sellerNotPressingTheAcceptKeyDeclinesSoTheCallersDialGoesOn() {
        ScriptedChannel seller = seller("PJSIP/101-0000002a", "sales");

        fixture.run("answered", seller);

        assertThat(fixture.sink.only(EventType.SELLER_DECLINED).attributes())
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("reason", "no_key");
        assertThat(fixture.sink.types()).doesNotContain(EventType.SELLER_CONNECTED);
        assertThat(seller.variableSet("GOSUB_RESULT")).contains("BUSY");
        assertThat(fixture.history.lookup("5550100", "another-call", Duration.ofHours(24)))
                .isEmpty();
    }

    @Test
    void wrongKeyDeclines() {
        ScriptedChannel seller = seller("PJSIP/101-0000002a", "sales").press("callpath/accept", '5');

        fixture.run("answered", seller);

        assertThat(fixture.sink.only(EventType.SELLER_DECLINED).attributes()).containsEntry("reason", "wrong_key");
        assertThat(seller.variableSet("GOSUB_RESULT")).contains("BUSY");
    }

    @Test
    void departmentWithoutAcceptKeyConnectsAfterTheWhisper() {
        ScriptedChannel seller = seller("PJSIP/103-00000003", "service");

        fixture.run("answered", seller);

        assertThat(seller.played()).containsExactly("callpath/line-main", "callpath/dept-service");
        assertThat(fixture.sink.only(EventType.SELLER_CONNECTED).attributes()).containsEntry("seller", "PJSIP/103");
    }

    @Test
    void callFromAnotherServerIsTimedFromItsArguments() {
        ScriptedChannel seller = seller("Local/101@sellers-000006f4;1", "service");

        fixture.run("answered", seller);

        CallEvent connected = fixture.sink.only(EventType.SELLER_CONNECTED);
        assertThat(connected.linkedId()).isEqualTo(FlowFixture.LINKED_ID);
        assertThat(connected.sessionId()).isEqualTo("1795600000.100/answered");
        assertThat(connected.attributes()).containsEntry("seller", "Local/101@sellers");
        // t0 argument 1795600000.250000; the session runs at OPEN = epoch 1795600800
        assertThat(connected.offsetMillis()).isEqualTo(799_750);
    }

    @Test
    void sellerHangingUpDuringTheWhisperIsADeclineNotAnAbandon() {
        ScriptedChannel seller = seller("PJSIP/101-0000002a", "sales").hangUpAt("callpath/dept-sales");

        fixture.run("answered", seller);

        assertThat(fixture.sink.only(EventType.SELLER_DECLINED).attributes()).containsEntry("reason", "hung_up");
        assertThat(fixture.sink.types()).doesNotContain(EventType.CALLER_HUNG_UP, EventType.FAILED);
    }

    @Test
    void sellerHangingUpInTheWhisperTellsDialToRingTheNextSeller() {
        ScriptedChannel seller = seller("PJSIP/101-0000002a", "sales").hangUpAt("callpath/line-main");

        fixture.run("answered", seller);

        // SET VARIABLE still works on the dead leg; without it Dial would bridge the caller to nobody and say ANSWER
        assertThat(seller.variableSet("GOSUB_RESULT")).contains("BUSY");
        assertThat(fixture.sink.only(EventType.SELLER_DECLINED).attributes()).containsEntry("reason", "hung_up");
        assertThat(fixture.sink.types()).doesNotContain(EventType.SELLER_CONNECTED);
    }

    @Test
    void callerGoneByTheEndOfTheWhisperIsNotConnected() {
        ScriptedChannel seller = seller("PJSIP/101-0000002a", "sales")
                .press("callpath/accept", '1')
                .evaluates(CALLER_STATE, "1|5550100");

        fixture.run("answered", seller);

        assertThat(fixture.sink.types())
                .containsExactly(EventType.SELLER_ANSWERED, EventType.PHASE_STARTED, EventType.CALLER_HUNG_UP);
        assertThat(fixture.history.lookup("5550100", "another-call", Duration.ofHours(24)))
                .isEmpty();
    }

    @Test
    void connectedSellerIsRememberedWithTheDepartmentTheyWereRungFor() {
        ScriptedChannel seller = seller("PJSIP/103-0000002b", "service");

        fixture.run("answered", seller);

        assertThat(fixture.sink.only(EventType.SELLER_CONNECTED).attributes()).containsEntry("department", "service");
        assertThat(fixture.history.lookup("5550100", "another-call", Duration.ofHours(24)))
                .hasValueSatisfying(
                        previous -> assertThat(previous.department()).contains("service"));
    }

    @Test
    void assistantAnsweringStartsTheTalkingPhase() {
        ScriptedChannel assistant = new ScriptedChannel(FlowFixture.request(
                "answered",
                Map.of(),
                List.of(FlowFixture.LINKED_ID, "assistant", "main", "", FlowFixture.CDR_START),
                "PJSIP/201-00000009",
                "en",
                "5550100",
                "Alice"));

        fixture.run("answered", assistant);

        assertThat(fixture.sink.only(EventType.ASSISTANT_ANSWERED).attributes())
                .containsEntry("assistant", "PJSIP/201");
        assertThat(fixture.sink.only(EventType.PHASE_STARTED).phase()).isEqualTo(Phase.ASSISTANT_TALKING);
        assertThat(fixture.sink.types()).doesNotContain(EventType.SELLER_CONNECTED);
    }
}
