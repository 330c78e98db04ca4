package io.callpath.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's SIP side on a bare Asterisk 22 with PJSIP: asterisk-config/ as shipped, only bind address, ports and
 * passwords set, loads with no ERROR and no WARNING, and docs/softphone-test.md's step 1 holds (101 and 301
 * register and show as Avail).
 */
class KitLoadsCleanTest {

    @TempDir
    Path directory;

    @Test
    void theKitLoadsWithoutAnErrorOrAWarningAndPhonesRegisterAsAvail() {
        PjsipTree tree = PjsipTree.require();
        try (KitAsterisk asterisk = KitAsterisk.start(tree, directory.resolve("pbx"), 40, Map.of())) {
            assertThat(asterisk.loggedProblems()).as("ERROR/WARNING lines of messages.log at start").isEmpty();
            assertThat(asterisk.cli("pjsip show transports")).contains("transport-udp")
                    .contains("127.0.0.1:" + asterisk.sipPort());
            assertThat(asterisk.cli("moh show classes")).contains("Class: default");
            assertThat(asterisk.cli("dialplan show 600@callpath-test")).contains("callpath-inbound");

            SipPhones phones = new SipPhones(tree, asterisk, directory);
            try (SippProcess seller = phones.registerAndAnswer("101", "uas-answer.xml", 1000);
                 SippProcess caller = phones.registerAndAnswer("301", "uas-answer.xml", 1000)) {
                phones.awaitAvailable(List.of("101", "301"), Duration.ofSeconds(15));
                assertThat(asterisk.cli("pjsip show endpoints")).contains("Endpoint:  101/101").contains("Not in use");
                assertThat(seller.messages()).extracting(SipMessage::method).containsSubsequence("REGISTER", "401",
                        "REGISTER", "200");
            }
            assertThat(asterisk.loggedProblems()).as("ERROR/WARNING lines of messages.log after registering").isEmpty();
        }
    }
}
