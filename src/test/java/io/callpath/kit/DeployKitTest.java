package io.callpath.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a new user meets first: {@code docker compose up} from a clone, the jar the build makes, one Asterisk version
 * for the stack, the PBX tests and the docs. No Docker here: the compose file is read as YAML and every path it
 * names is checked against the clone.
 */
class DeployKitTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final String TESTED_ASTERISK = "22.10.1";

    @Test
    void composeFileAtTheTopLevelNamesOnlyPathsThatExistInTheClone() throws IOException {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).path("services");
        assertThat(services.fieldNames()).toIterable().contains("postgres", "callpath", "asterisk", "grafana");
        List<String> missing = new ArrayList<>();
        services.properties().forEach(service -> {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") && !Files.exists(Path.of(source))) {
                    missing.add(service.getKey() + ": " + source);
                }
            }
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = Path.of(
                        build.isTextual()
                                ? build.asText()
                                : build.path("context").asText());
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
                if (!Files.isRegularFile(dockerfile)) {
                    missing.add(service.getKey() + ": " + dockerfile);
                }
            }
        });
        assertThat(missing)
                .as("paths in docker-comp.yml that a clone does not have")
                .isEmpty();
        assertThat(Path.of(".env.example"))
                .as("the compose file asks for .env: its example")
                .isRegularFile();
        assertThat(Path.of("deploy", "docker-compose.yml")).doesNotExist();
    }

    @Test
    void imageAndDocsInstallTheJarTheBuildMakes() throws IOException {
        Matcher finalName =
                Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(finalName.find()).as("pom.xml sets the jar's name").isTrue();
        String jar = "target/" + finalName.group(1) + ".jar";
        assertThat(Files.readString(Path.of("deploy", "Dockerfile")))
                .contains("/src/" + jar + " ")
                .doesNotContain("callpath-*");
        assertThat(Files.readString(Path.of("docs", "deploy.md"))).contains(jar).doesNotContain("callpath-*");
    }

    @Test
    void theStackTheTestsAndTheDocsSpeakOfOneAsteriskVersion() throws IOException {
        assertThat(Files.readString(Path.of("deploy", "asterisk", "Dockerfile")))
                .contains("ARG ASTERISK_VERSION=" + TESTED_ASTERISK);
        assertThat(Files.readString(Path.of("src/test/java/io/callpath/pbx/AsteriskInstall.java")))
                .contains("asterisk-" + TESTED_ASTERISK + "-");
        for (Path doc : List.of(
                COMPOSE,
                Path.of("docs", "deploy.md"),
                Path.of("asterisk-config", "README-kit.md"),
                Path.of("deploy", "asterisk", "Dockerfile"))) {
            assertThat(Files.readString(doc))
                    .as("%s", doc)
                    .doesNotContainPattern("Asterisk 20\\b")
                    .doesNotContain("asterisk:20");
        }
    }
}
