package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ami: and desk: keys: defaults, the secret from the environment, and every mistake named by its key. */
class AmiAndDeskConfigTest {

    private static final String BASE = SmallConfigs.ONE_LINE;

    private static List<String> keys(String yaml) {
        return ConfigLoader.check(yaml, Optional.empty()).stream()
                .map(ConfigProblem::key)
                .toList();
    }

    @Test
    void withoutTheSectionsThereIsNoAmiAndNoDeskText() {
        CallpathConfig config = ConfigLoader.parse(BASE, "test");
        assertThat(config.ami().enabled()).isFalse();
        assertThat(config.ami().port()).isEqualTo(5038);
        assertThat(config.desk().company()).isEmpty();
    }

    @Test
    void theSectionsAreRead() {
        CallpathConfig config = ConfigLoader.parse(BASE + """
                ami:
                  host: 127.0.0.1
                  port: 5039
                  username: callpath
                desk:
                  company: Okna Plus
                  names: {"201": Anna}
                  heardOptions: [Google, Radio]
                  phones: {"202": "PJSIP/assistant-2"}
                  transferTo: [sales]
                """, "test");
        assertThat(config.ami()).isEqualTo(new AmiSettings("127.0.0.1", 5039, "callpath", ""));
        assertThat(config.ami()
                        .withSecretFrom(Map.of("CALLPATH_AMI_SECRET", " s3cret "))
                        .secret())
                .isEqualTo("s3cret");
        assertThat(config.ami().withSecretFrom(Map.of()).secret()).isEmpty();
        assertThat(config.ami().toString()).doesNotContain("s3cret");
        assertThat(config.desk().names()).containsEntry("201", "Anna");
        assertThat(config.desk().phones()).containsEntry("202", "PJSIP/assistant-2");
        assertThat(config.desk().heardOptions()).containsExactly("Google", "Radio");
    }

    @Test
    void mistakesAreNamedByTheirKeys() {
        assertThat(keys(BASE + "ami:\n  port: 70000\n  host: \"\"\n  usernme: x\n"))
                .contains("ami.port", "ami.host", "ami.usernme");
        assertThat(
                        keys(
                                BASE
                                        + "desk:\n  transferTo: [salse]\n  heardOptions: [\"\"]\n  phones: {\"201\": \"PJSIP/201,t\"}\n"))
                .contains("desk.transferTo[0]", "desk.heardOptions[0]", "desk.phones.\"201\"");
    }
}
