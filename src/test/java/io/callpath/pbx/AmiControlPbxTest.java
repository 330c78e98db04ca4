package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callpath.ami.AsteriskJavaPbx;
import io.callpath.ami.Originate;
import io.callpath.ami.PbxControl;
import io.callpath.ami.PbxUnavailableException;
import io.callpath.config.AmiSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** callpath's manager connection (asterisk-java's ManagerConnection behind PbxControl) against the real Asterisk. */
class AmiControlPbxTest {

    private static PbxRig rig;
    private static PbxControl pbx;

    @BeforeAll
    static void start() {
        rig = PbxRig.builder("ami-control").start();
        AsteriskInstance asterisk = rig.asterisk();
        pbx = AsteriskJavaPbx.start(
                new AmiSettings("127.0.0.1", asterisk.amiPort(), asterisk.amiUser(), asterisk.amiSecret()));
    }

    @AfterAll
    static void stop() {
        if (pbx != null) {
            pbx.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void anOriginatedCallerIsServedByCallpath() throws Exception {
        awaitConnected(pbx);
        String linkedId = Instant.now().getEpochSecond() + ".777001";
        pbx.originate(new Originate(
                        "Local/a-w1500-d1-w8000@pbx-script",
                        PbxRig.TRUNK_CONTEXT,
                        "5551000",
                        "\"Ami Test\" <5558880001>",
                        Duration.ofSeconds(20),
                        Map.of(),
                        linkedId))
                .get(5, TimeUnit.SECONDS);

        CallResult result = rig.await(
                new PlacedCall(linkedId, "5558880001", CallSpec.to("5551000", "a-w1500-d1-w8000"), Instant.now()),
                Duration.ofSeconds(60));

        assertThat(result.row().route()).isEqualTo("sales");
    }

    @Test
    void aRedirectOfAChannelThatDoesNotExistIsRefusedWithAsterisksReason() {
        awaitConnected(pbx);
        assertThatThrownBy(() -> pbx.redirect("Local/nobody-00000000;1", "callpath-handoff", "sales")
                        .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PbxUnavailableException.class)
                .hasMessageContaining("Redirect");
    }

    @Test
    void withTheManagerDownActionsFailAtOnceAndSayWhy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (PbxControl down = AsteriskJavaPbx.start(new AmiSettings("127.0.0.1", closedPort, "callpath", "x"))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> down.redirect("PJSIP/trunk-00000001", "callpath-handoff", "sales")
                            .get())
                    .hasCauseInstanceOf(PbxUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(down.connected()).isFalse();
            assertThat(down.status()).startsWith("AMI:");
        }
    }

    @Test
    void headerValuesWithLineBreaksAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> pbx.redirect("PJSIP/x\r\nAction: Originate", "callpath-handoff", "sales"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void awaitConnected(PbxControl control) {
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(control.connected())
                        .as("AMI connected: %s", control.status())
                        .isTrue());
    }
}
