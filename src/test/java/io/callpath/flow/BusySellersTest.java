package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.ConfigLoader;
import io.callpath.events.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Sellers already on a call are passed over without ringing, from Asterisk's device state. */
class BusySellersTest {

    private static final String STATE_101 = "${DEVICE_STATE(PJSIP/101)}";
    private static final String STATE_102 = "${DEVICE_STATE(PJSIP/102)}";

    private final FlowFixture fixture = FlowFixture.demo();

    @Test
    void aSellerAlreadyOnACallIsSkippedWithoutRingingAndTheNextFreeSellerRings() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .evaluates(STATE_101, "INUSE")
                .evaluates(STATE_102, "NOT_INUSE")
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/102");
        assertThat(fixture.sink.only(EventType.SELLER_SKIPPED).attributes())
                .containsEntry("seller", "PJSIP/101")
                .containsEntry("deviceState", "INUSE")
                .containsEntry("department", "sales");
        assertThat(fixture.sink.types()).doesNotContain(EventType.SELLER_MISSED, EventType.NO_SELLER);
    }

    @Test
    void everySellerBusyEndsWithNoSellerAndNothingRings() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .evaluates(STATE_101, "RINGINUSE")
                .evaluates(STATE_102, "ONHOLD");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).isEmpty();
        assertThat(fixture.sink.ofType(EventType.SELLER_SKIPPED))
                .extracting(event -> event.attribute("deviceState"))
                .containsExactly("RINGINUSE", "ONHOLD");
        assertThat(fixture.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "no_answer");
    }

    @Test
    void anUnavailableOrUnknownStateIsRungAsBefore() {
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .evaluates(STATE_101, "UNAVAILABLE")
                .dial("PJSIP/101", "CHANUNAVAIL")
                .dial("PJSIP/102", "ANSWER");

        fixture.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101", "PJSIP/102");
        assertThat(fixture.sink.types()).doesNotContain(EventType.SELLER_SKIPPED);
    }

    @Test
    void ringallRingsOnlyTheFreeSellersAfterOneStateLookup(@org.junit.jupiter.api.io.TempDir Path scratch)
            throws Exception {
        Path config = scratch.resolve("callpath.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("src/test/resources/callpath-before.yaml"))
                        .replace(
                                "ringTimeout: 15s\n    strategy: sequential",
                                "ringTimeout: 15s\n    strategy: ringall"));
        FlowFixture ringall = new FlowFixture(ConfigLoader.load(config), FlowFixture.OPEN);
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .evaluates(STATE_101 + "|" + STATE_102, "INUSE|NOT_INUSE")
                .dial("PJSIP/102", "ANSWER");

        ringall.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/102");
        assertThat(ringall.sink.only(EventType.SELLER_SKIPPED).attributes()).containsEntry("seller", "PJSIP/101");
    }

    @Test
    void skipBusySellersFalseRingsWhateverTheDeviceState(@org.junit.jupiter.api.io.TempDir Path scratch)
            throws Exception {
        Path config = scratch.resolve("callpath.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("src/test/resources/callpath-before.yaml"))
                        .replace(
                                "strategy: sequential\n    whisper: callpath/dept-sales",
                                "strategy: sequential\n    skipBusySellers: false\n    whisper: callpath/dept-sales"));
        FlowFixture ringing = new FlowFixture(ConfigLoader.load(config), FlowFixture.OPEN);
        ScriptedChannel caller = FlowFixture.caller("5551000")
                .press("callpath/informer", '1')
                .evaluates(STATE_101, "INUSE")
                .dial("PJSIP/101", "ANSWER");

        ringing.run("incoming", caller);

        assertThat(caller.dials()).extracting(dial -> dial.split(",")[0]).containsExactly("PJSIP/101");
        assertThat(ringing.sink.types()).doesNotContain(EventType.SELLER_SKIPPED);
    }
}
