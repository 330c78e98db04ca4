package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The administrator's own [globals] win over the kit (issue 8 item 4: Asterisk 22 applies every [globals] section in
 * file order, so a [globals] in the kit overrode them), and with callpath stopped the dialplan's fallback still
 * reaches the administrator's phone. The administrator sets a non-default CALLPATH_HOST (callpath's free port) and
 * CALLPATH_FALLBACK, and leaves CALLPATH_FALLBACK_RING unset, so the kit's default fills that one in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdministratorSettingsPbxTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final String PROBE = """
            [pbx-settings-probe]
            ; what the kit's contexts see: callpath-settings, then the three settings
            exten => s,1,Gosub(callpath-settings,s,1)
             same => n,Log(NOTICE,pbx-settings-probe host=${CALLPATH_HOST} fallback=${CALLPATH_FALLBACK} ring=${CALLPATH_FALLBACK_RING})
             same => n,Hangup()
            """;

    static PbxRig rig;

    @BeforeAll
    static void start() {
        rig = PbxRig.builder("admin-settings")
                .global("CALLPATH_FALLBACK_RING", null)
                .dialplan(PROBE)
                .start();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void theAdministratorsGlobalsAreTheOnlyOnesAndTheKitFillsInOnlyWhatTheyLeftUnset() throws Exception {
        String host = "127.0.0.1:" + rig.callpath().port();
        assertThat(rig.callpath().port()).isNotEqualTo(4573);
        String globals = rig.asterisk().cli("dialplan show globals");
        assertThat(globals)
                .contains("CALLPATH_HOST=" + host, "CALLPATH_FALLBACK=" + PbxRig.FALLBACK_PHONE)
                .doesNotContain("CALLPATH_FALLBACK_RING", "CALLPATH_HOST=127.0.0.1:4573", "PJSIP/201");

        rig.asterisk().cli("channel originate Local/s@pbx-settings-probe application Wait 1");
        String expected = "pbx-settings-probe host=" + host + " fallback=" + PbxRig.FALLBACK_PHONE + " ring=60";
        List<String> probed = await("the probe's NOTICE in the messages log")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> Files.readAllLines(rig.asterisk().messagesLog()).stream()
                                .filter(line -> line.contains("] NOTICE[") && line.contains("pbx-settings-probe host="))
                                .toList(),
                        lines -> !lines.isEmpty());
        assertThat(probed).singleElement().asString().endsWith(expected);
    }

    @Test
    @Order(2)
    void callsOneAtATimeReachCallpathOnTheAdministratorsHost() {
        // one at a time: the deltas at 1 call, next to the routes' (12 at once) and ManyCallsPbxTest's (200)
        List<Double> deltas = new java.util.ArrayList<>();
        for (String[] scenario : new String[][] {{"a-w1500-d1-w30000", "sales"}, {"a-w1500-d2-w30000", "service"}}) {
            CallResult result = rig.await(rig.call("5551000", scenario[0]), CALL_TIMEOUT);
            CallRow row = result.row();
            assertThat(row.outcome()).as(row.toString()).isEqualTo("reached_seller");
            assertThat(row.route()).isEqualTo(scenario[1]);
            assertThat(row.phaseSum()).isEqualTo(row.timeToSellerMs());
            deltas.add(result.assertTimeToSellerAgreesWithCel(CallRoutesPbxTest.TOLERANCE_MS));
        }
        PbxDeltas.record("one call at a time: key 1 (accept), key 2", 1, deltas);
    }

    @Test
    @Order(3)
    void withCallpathStoppedTheDialplansFallbackReachesTheAdministratorsPhone() {
        rig.stopCallpath();
        // the caller's AGI and its hang-up handler's: "Connecting to '127.0.0.1:PORT' failed for url ...: Connection
        // refused", then "Couldn't connect to any host.  FastAGI failed."
        rig.expectAsteriskProblem("res_agi\\.c: Couldn't connect to any host");
        rig.expectAsteriskProblem("res_agi\\.c: Connecting to '127\\.0\\.0\\.1:"
                + rig.config().server().port()
                + "' failed for url 'agi://127\\.0\\.0\\.1:\\d+/(incoming|hangup\\?leg=caller)': Connection refused");
        PlacedCall call = rig.call("5551000", "a-w30000");
        CelCall cel = rig.awaitAsteriskEnd(call, CALL_TIMEOUT);
        assertThat(cel.firstBridge())
                .as("the caller was bridged with the fallback phone")
                .hasValueSatisfying(
                        bridged -> assertThat(bridged.peer().dialString()).isEqualTo(PbxRig.FALLBACK_PHONE));
        // the fallback rang at once: no promo, no menu played by anyone
        assertThat(cel.timeToBridgeMillis().orElseThrow()).isLessThan(5_000.0);
    }

    @Test
    @Order(100)
    void asterisksLogIsCleanButForTheRefusedConnectionsOfTheStoppedCallpath() {
        rig.assertNoUnexpectedProblems();
    }
}
