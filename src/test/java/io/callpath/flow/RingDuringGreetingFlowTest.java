package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ConfigLoader;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * informer.greetingClass, as config/callpath.yaml ships line main: the default department rings from the first second
 * with the greeting and then the promo as Dial's music; a key of [callpath-keys] ends the ringing and is the choice.
 */
class RingDuringGreetingFlowTest {

    private static final String GOSUB = "U(callpath-answered^" + FlowFixture.LINKED_ID + "^seller^main^";

    private final FlowFixture fixture =
            new FlowFixture(ConfigLoader.load(Path.of("config/callpath.yaml")), FlowFixture.OPEN);

    @Test
    void theDefaultDepartmentRingsAtOnceWithTheGreetingClassAndKeysEndingTheDial() {
        ScriptedChannel caller = FlowFixture.caller("5551000").dial("PJSIP/101&PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.played()).as("no prompt before the phones ring").isEmpty();
        assertThat(caller.variableSet("EXITCONTEXT")).contains("callpath-keys");
        assertThat(caller.dials())
                .singleElement()
                .asString()
                .isEqualTo("PJSIP/101&PJSIP/102,15,dm(callpath-main-greeting)" + GOSUB + "sales^1795600000.250000)");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "sales")
                .containsEntry("digit", "")
                .containsEntry("reason", "default_ringing");
        assertThat(fixture.sink.only(EventType.PROMO_STARTED).attributes())
                .containsEntry("musicClass", "callpath-main-greeting");
        assertThat(fixture.sink.phasesStarted()).containsExactly(Phase.MENU, Phase.SELLER_RINGING);
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void aKeyThatEndsTheRingingRingsItsDepartmentWithThePromoAndNoKeys() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .dialEndedByKey("PJSIP/101&PJSIP/102", '2')
                .dial("PJSIP/103", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).hasSize(2);
        assertThat(caller.dials().get(1))
                .isEqualTo("PJSIP/103,20,m(callpath-main)" + GOSUB + "service^1795600000.250000)");
        assertThat(fixture.sink.ofType(EventType.ROUTE_CHOSEN))
                .extracting(event -> event.attribute("route"))
                .containsExactly("sales", "service");
        assertThat(fixture.sink.ofType(EventType.ROUTE_CHOSEN).get(1).attributes())
                .containsEntry("digit", "2")
                .containsEntry("reason", "menu");
        // the sellers whose ringing the caller ended did not miss the call
        assertThat(fixture.sink.ofType(EventType.SELLER_MISSED)).isEmpty();
        assertThat(fixture.sink.only(EventType.PROMO_STOPPED).attributes()).containsEntry("dialStatus", "KEY");
        assertThat(fixture.sink.types())
                .containsSubsequence(
                        EventType.PROMO_STARTED,
                        EventType.PROMO_STOPPED,
                        EventType.ROUTE_CHOSEN,
                        EventType.PROMO_STARTED);
        assertThat(fixture.sink.phasesStarted())
                .containsExactly(Phase.MENU, Phase.SELLER_RINGING, Phase.SELLER_RINGING);
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
    }

    @Test
    void zeroEndsTheRingingAndRingsTheAssistants() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .dialEndedByKey("PJSIP/101&PJSIP/102", '0')
                .dial("PJSIP/201", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials().get(1)).startsWith("PJSIP/201,10,m(callpath-main)U(callpath-answered^");
        assertThat(fixture.sink.ofType(EventType.ROUTE_CHOSEN).get(1).attributes())
                .containsEntry("route", "assistant")
                .containsEntry("digit", "0")
                .containsEntry("reason", "zero");
    }

    @Test
    void aCallerWhoHangsUpWhileThePhonesRingIsNotTakenForAKey() {
        ScriptedChannel caller = FlowFixture.caller("5551000").dial("PJSIP/101&PJSIP/102", "CANCEL");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).hasSize(1);
        assertThat(fixture.sink.ofType(EventType.ROUTE_CHOSEN)).hasSize(1);
        assertThat(fixture.sink.only(EventType.CALLER_HUNG_UP).phase()).isEqualTo(Phase.SELLER_RINGING);
    }

    @Test
    void theKeysThatEndTheRingingAreZeroAndTheOtherDepartmentsKeys() {
        assertThat(ConfigLoader.load(Path.of("config/callpath.yaml"))
                        .lines()
                        .get(0)
                        .keysLeavingDefaultDepartment())
                .containsExactly('0', '2');
    }
}
