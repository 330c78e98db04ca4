package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ShippedConfigs;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import org.junit.jupiter.api.Test;

/**
 * Informer mode while-ringing without a greeting class (config/callpath.yaml's line main without
 * {@code informer.greetingClass}): greeting with keys, then ringing with the promo.
 */
class WhileRingingFlowTest {

    private static final String GOSUB = "U(callpath-answered^" + FlowFixture.LINKED_ID + "^seller^main^";

    private final FlowFixture fixture = new FlowFixture(ShippedConfigs.greetingFirst(), FlowFixture.OPEN);

    @Test
    void callerWhoPressesNothingHearsTheGreetingOnceThenTheDefaultDepartmentRingsWithThePromo() {
        ScriptedChannel caller = FlowFixture.caller("5551000").dial("PJSIP/101&PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/greeting");
        assertThat(caller.commands()).doesNotContain("PLAY callpath/informer");
        assertThat(caller.dials())
                .singleElement()
                .asString()
                .isEqualTo("PJSIP/101&PJSIP/102,15,m(callpath-main)" + GOSUB + "sales^1795600000.250000)");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "sales")
                .containsEntry("digit", "")
                .containsEntry("reason", "default_no_key");
        assertThat(fixture.sink.only(EventType.PROMO_STARTED).attributes())
                .containsEntry("musicClass", "callpath-main")
                .containsEntry("line", "main");
        assertThat(fixture.sink.ofType(EventType.PROMO_STOPPED)).isEmpty();
        assertThat(fixture.sink.phasesStarted()).containsExactly(Phase.MENU, Phase.SELLER_RINGING);
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void keyInTheGreetingChoosesTheDepartmentThatRingsWithThePromo() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/greeting", '2').dial("PJSIP/103", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials())
                .singleElement()
                .asString()
                .startsWith("PJSIP/103,20,m(callpath-main)" + GOSUB + "service^");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "service")
                .containsEntry("digit", "2")
                .containsEntry("reason", "menu");
    }

    @Test
    void keyTheMenuLacksRingsTheDefaultDepartmentWithoutAnotherTry() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/greeting", '9').dial("PJSIP/101&PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played()).containsExactly("callpath/greeting");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "sales")
                .containsEntry("digit", "9")
                .containsEntry("reason", "default_invalid");
    }

    @Test
    void zeroStillReachesTheAssistantsWhoRingWithThePromoToo() {
        ScriptedChannel caller =
                FlowFixture.caller("5551000").press("callpath/greeting", '0').dial("PJSIP/201", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials())
                .singleElement()
                .asString()
                .startsWith("PJSIP/201,10,m(callpath-main)U(callpath-answered^");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes()).containsEntry("route", "assistant");
        assertThat(fixture.sink.ofType(EventType.PROMO_STARTED)).hasSize(1);
    }

    @Test
    void busyAssistantsOverflowToTheSellersAndThePromoGoesOn() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/greeting", '0')
                .dial("PJSIP/201", "BUSY")
                .dial("PJSIP/101&PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials())
                .hasSize(2)
                .allSatisfy(dial -> assertThat(dial).contains(",m(callpath-main)U("));
        assertThat(fixture.sink.types())
                .containsSubsequence(
                        EventType.PROMO_STARTED,
                        EventType.PROMO_STOPPED,
                        EventType.ROUTE_CHOSEN,
                        EventType.PROMO_STARTED);
    }

    @Test
    void sellerWhoDeclinesInTheWhisperIsLeftOutAndTheOtherRingsAgain() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .dial("PJSIP/101&PJSIP/102", "BUSY")
                .dial("PJSIP/102", "ANSWER")
                .withVariable("DIALEDPEERNAME", "PJSIP/101-0000002a");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).hasSize(2);
        assertThat(caller.dials().get(1)).startsWith("PJSIP/102,15,m(callpath-main)");
        assertThat(fixture.sink.only(EventType.SELLER_MISSED).attributes())
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("dialStatus", "BUSY");
    }

    @Test
    void everySellerMissingEndsWithNoSellerAndStopsThePromo() {
        ScriptedChannel caller = FlowFixture.caller("5551000");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).singleElement().asString().startsWith("PJSIP/101&PJSIP/102,15,m(callpath-main)");
        assertThat(fixture.sink.ofType(EventType.SELLER_MISSED))
                .extracting(event -> event.attribute("seller"))
                .containsExactly("PJSIP/101", "PJSIP/102");
        assertThat(fixture.sink.only(EventType.PROMO_STOPPED).attributes()).containsEntry("dialStatus", "NOANSWER");
        assertThat(fixture.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "no_answer");
    }

    @Test
    void lineInModeBeforeDialsWithRingbackAsBefore() {
        ScriptedChannel caller =
                FlowFixture.caller("5552000").press("callpath/menu", '1').dial("PJSIP/101&PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).singleElement().asString().doesNotContain("m(");
        assertThat(fixture.sink.ofType(EventType.PROMO_STARTED)).isEmpty();
    }
}
