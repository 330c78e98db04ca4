package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kit's SIP side on a bare Asterisk 22 with PJSIP: pjsip.conf, modules.conf, musiconhold.conf, rtp.conf,
 * extensions.conf and extensions-callpath.conf as shipped (only SIP's bind address and port, the RTP range and the
 * passwords set), its prompts and hold music where its README puts them: Asterisk logs no ERROR and no WARNING at
 * start, and docs/softphone-test.md's step 1 holds (101 and 301 register and show as Avail).
 */
class KitSipLoadsCleanPbxTest {

    private static final List<String> AS_SHIPPED =
            List.of("modules.conf", "musiconhold.conf", "extensions.conf", "extensions-callpath.conf");

    @Test
    @SuppressWarnings("try") // the caller phone only has to stay registered inside the try
    void theKitLoadsWithoutAnErrorOrAWarningAndPhonesRegisterAsAvail() throws IOException {
        SipKit kit = SipKit.require();
        Path directory = Path.of(
                        "target", "pbx", "kit-sip-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))
                .toAbsolutePath();
        int sipPort = FreeUdpPorts.udp();
        try (AsteriskInstance asterisk = AsteriskInstance.create(kit.install(), directory.resolve("asterisk"))) {
            for (String file : AS_SHIPPED) {
                asterisk.copyConfig(SipKit.KIT.resolve(file));
            }
            asterisk.writeConfig("pjsip.conf", SipKit.pjsipConf(sipPort));
            asterisk.writeConfig("rtp.conf", SipKit.rtpConf(FreeUdpPorts.udpRange(40), 40));
            copyTree(SipKit.KIT.resolve("sounds"), asterisk.soundsDirectory());
            copyTree(SipKit.KIT.resolve("moh"), asterisk.soundsDirectory().resolveSibling("moh"));
            asterisk.start();

            assertThat(asterisk.unexpectedProblems(List.of()))
                    .as("ERROR/WARNING lines of messages.log at start")
                    .isEmpty();
            assertThat(asterisk.cli("pjsip show transports"))
                    .contains("transport-udp")
                    .contains("127.0.0.1:" + sipPort);
            assertThat(asterisk.cli("moh show classes")).contains("Class: default");
            assertThat(asterisk.cli("dialplan show 600@phones")).contains("callpath-inbound");

            SippPcaps.prepare(kit, directory);
            try (SippProcess seller = SipRig.registeringPhone(
                            kit, directory, sipPort, "101", kit.scenario("uas-answer.xml"), "-d", "1000");
                    SippProcess caller = SipRig.registeringPhone(
                            kit, directory, sipPort, "301", kit.scenario("uas-answer.xml"), "-d", "1000")) {
                SipRig.awaitAvailable(asterisk, List.of("101", "301"), Duration.ofSeconds(15));
                assertThat(asterisk.cli("pjsip show endpoints"))
                        .contains("Endpoint:  101/101")
                        .contains("Not in use");
                assertThat(seller.messages())
                        .extracting(SipMessage::method)
                        .containsSubsequence("REGISTER", "401", "REGISTER", "200");
            }
            assertThat(asterisk.unexpectedProblems(List.of()))
                    .as("ERROR/WARNING lines after registering")
                    .isEmpty();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
