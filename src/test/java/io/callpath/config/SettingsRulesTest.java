package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule lives once (ServerRules, DatabaseRules, HttpRules): the loader and the parts that start refuse alike. */
class SettingsRulesTest {

    private static final String LINES = """
            lines:
              - name: main
                dids: ["5551000"]
                menu:
                  options: {"1": sales}
            departments:
              sales:
                sellers: [PJSIP/101]
            """;

    private static List<ConfigProblem> problems(String yaml) {
        return ConfigLoader.check(yaml, Optional.empty());
    }

    private static DatabaseSettings database(String url, int queueCapacity, int batchSize) {
        DatabaseSettings defaults = DatabaseSettings.defaults();
        return new DatabaseSettings(
                url,
                "postgres",
                "",
                Path.of("unused"),
                0,
                Path.of("unused"),
                queueCapacity,
                batchSize,
                defaults.poolSize(),
                defaults.lookupTimeout());
    }

    @Test
    void portZeroMeansAFreePortForEveryListenerAndTheMessagesSaySo() {
        assertThat(problems("server: {port: 0}\nhttp: {port: 0}\ndatabase: {embeddedPort: 0}\n" + LINES))
                .isEmpty();

        List<ConfigProblem> refused =
                problems("server: {port: 65536}\nhttp: {port: -1}\ndatabase: {embeddedPort: 70000}\n" + LINES);

        assertThat(refused)
                .extracting(ConfigProblem::key, ConfigProblem::fix)
                .containsExactlyInAnyOrder(
                        tuple(
                                "server.port",
                                "use 1-65535 (4573 by default), or 0 for a free port chosen at start and logged"),
                        tuple(
                                "http.port",
                                "use 1-65535 (8573 by default), or 0 for a free port chosen at start and logged"),
                        tuple(
                                "database.embeddedPort",
                                "use 1-65535, or 0 (the default) for a free port chosen at start"));
    }

    @Test
    void theWriterRefusesWhatTheLoaderRefusesWithTheSameMessage() {
        DatabaseSettings noQueue = database(null, 0, 500);

        String loaderMessage = DatabaseRules.check(noQueue).get(0).toString();

        assertThat(loaderMessage).startsWith("database.queueCapacity: is 0 but must be above zero");
        assertThatThrownBy(() -> DatabaseRules.requireValid(noQueue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(loaderMessage);
        assertThat(problems("database: {queueCapacity: 0, batchSize: 0}\n" + LINES))
                .extracting(ConfigProblem::key)
                .containsExactly("database.queueCapacity", "database.batchSize");
        assertThat(DatabaseRules.requireValid(DatabaseSettings.defaults())).isEqualTo(DatabaseSettings.defaults());
    }

    @Test
    void shutdownGraceZeroPassesTheLoaderAndTheServerRules() {
        CallpathConfig config = ConfigLoader.parse("server: {shutdownGrace: 0s}\n" + LINES, "test");

        assertThat(config.server().shutdownGrace()).isEqualTo(Duration.ZERO);
        assertThat(ServerRules.requireValid(config.server())).isSameAs(config.server());
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresIsNamedWithItsPasswordMasked() {
        List<ConfigProblem> found =
                problems("database:\n  url: \"postgres://callpath:s3cret@db:5432/calls\"\n" + LINES);

        assertThat(found).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("database.url");
            assertThat(problem.toString())
                    .doesNotContain("s3cret")
                    .contains("callpath:<masked>@db")
                    .contains("jdbc:postgresql://HOST:5432/DATABASE");
        });
    }

    @Test
    void anHttpEndpointOffLoopbackNeedsAToken() {
        String open = "http: {bind: 0.0.0.0}\n" + LINES;

        assertThat(problems(open)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("http.token");
            assertThat(problem.toString())
                    .contains("reachable from other machines")
                    .contains("CALLPATH_HTTP_TOKEN");
        });
        assertThat(problems("http: {bind: 0.0.0.0, enabled: false}\n" + LINES)).isEmpty();
        assertThatThrownBy(() -> HttpRules.requireValid(new HttpSettings(true, "0.0.0.0", 8573, "")))
                .hasMessageContaining("http.token: is empty while http.bind 0.0.0.0 is reachable from other machines");
    }

    @Test
    void theEnvironmentIsAppliedBeforeTheRules() {
        String open = "http: {bind: 0.0.0.0}\n" + LINES;
        Map<String, String> environment = Map.of(
                "CALLPATH_HTTP_TOKEN",
                "0123456789abcdef0123",
                "CALLPATH_DATABASE_URL",
                "jdbc:postgresql://db:5432/calls",
                "CALLPATH_DATABASE_USER",
                "callpath",
                "CALLPATH_DATABASE_PASSWORD",
                "from-the-environment",
                "CALLPATH_AMI_SECRET",
                "manager-secret");

        CallpathConfig config = ConfigLoader.parse(open, "test", environment);

        assertThat(config.http().token()).isEqualTo("0123456789abcdef0123");
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db:5432/calls");
        assertThat(config.database().user()).isEqualTo("callpath");
        assertThat(config.database().password()).isEqualTo("from-the-environment");
        assertThat(config.ami().secret()).isEqualTo("manager-secret");
        assertThat(config.withEnvironment(environment))
                .as("applied twice, the same")
                .isEqualTo(config);
        assertThat(config.database().toString()).doesNotContain("from-the-environment");
        assertThat(ConfigLoader.parse(LINES, "test", Map.of("CALLPATH_DATABASE_PASSWORD", " "))
                        .database())
                .as("a blank variable overrides nothing")
                .isEqualTo(DatabaseSettings.defaults());
    }
}
