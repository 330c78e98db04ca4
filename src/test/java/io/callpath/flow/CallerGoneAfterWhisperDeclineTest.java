package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ShippedConfigs;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.flow.ScriptedChannel.CallerAfterDial;
import org.junit.jupiter.api.Test;

/**
 * A caller who hangs up while a seller hears the whisper, and the seller then declines: the seller's gosub says BUSY, so
 * Dial returns BUSY (not CANCEL) with result -1, and Asterisk sends HANGUP right after. The caller's session ends as
 * the abandon, in the whisper, and rings nobody else.
 */
class CallerGoneAfterWhisperDeclineTest {

    private static final String CHECK_HANGUP = "EVAL ${CHANNEL(checkhangup)}";

    @Test
    void callerGoneWhenTheSellerDeclinesIsAnAbandonInTheWhisperAndTheNextSellerNeverRings() {
        FlowFixture fixture = FlowFixture.demo();
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "BUSY", -1, CallerAfterDial.GONE)
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101");
        // the seller who declined is counted as before; the caller's end comes after it, in the whisper
        assertThat(fixture.sink.only(EventType.SELLER_MISSED).attributes())
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("dialStatus", "BUSY");
        assertThat(fixture.sink.types()).endsWith(EventType.SELLER_MISSED, EventType.CALLER_HUNG_UP);
        assertThat(fixture.sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.WHISPER);
        assertThat(fixture.sink.types()).doesNotContain(EventType.NO_SELLER, EventType.FAILED);
        // Asterisk's HANGUP line already said it: no extra round trip
        assertThat(caller.commands()).doesNotContain(CHECK_HANGUP);
        assertThat(caller.variableSet("CALLPATH_STATUS")).isEmpty();
    }

    @Test
    void withoutTheHangupLineDialsMinusOneAndTheHangupFlagTellIt() {
        FlowFixture fixture = FlowFixture.demo();
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "BUSY", -1, CallerAfterDial.GONE_UNANNOUNCED)
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101");
        assertThat(caller.commands()).contains(CHECK_HANGUP);
        assertThat(fixture.sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.WHISPER);
        assertThat(fixture.sink.types()).doesNotContain(EventType.NO_SELLER);
    }

    @Test
    void aDialThatReturnsMinusOneWithTheCallerStillUpRingsTheNextSeller() {
        FlowFixture fixture = FlowFixture.demo();
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "CHANUNAVAIL", -1, CallerAfterDial.UP)
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101", "PJSIP/102");
        assertThat(caller.commands()).contains(CHECK_HANGUP);
        assertThat(fixture.sink.types()).doesNotContain(EventType.CALLER_HUNG_UP);
    }

    @Test
    void aSellerSayingBusyWithTheCallerStillUpCostsNoExtraRoundTrip() {
        FlowFixture fixture = FlowFixture.demo();
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .dial("PJSIP/101", "BUSY")
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101", "PJSIP/102");
        assertThat(caller.commands()).doesNotContain(CHECK_HANGUP);
    }

    @Test
    void ringingAllTheCallerGoneWhenOneDeclinesRingsTheOthersNoMore() {
        FlowFixture fixture = new FlowFixture(ShippedConfigs.greetingFirst(), FlowFixture.OPEN);
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .dial("PJSIP/101&PJSIP/102", "BUSY", -1, CallerAfterDial.GONE)
                .dial("PJSIP/102", "ANSWER")
                .withVariable("DIALEDPEERNAME", "PJSIP/101-0000002a");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).hasSize(1);
        assertThat(fixture.sink.only(EventType.SELLER_MISSED).attributes())
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("dialStatus", "BUSY");
        assertThat(fixture.sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.WHISPER);
        // the promo that played while the phones rang stopped with that Dial
        assertThat(fixture.sink.types()).contains(EventType.PROMO_STOPPED).doesNotContain(EventType.NO_SELLER);
    }
}
