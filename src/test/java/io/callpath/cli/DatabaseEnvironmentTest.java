package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * CALLPATH_DATABASE_* reaches every command the same way: a PostgreSQL role whose password is given only by the
 * environment, on the embedded PostgreSQL with scram-sha-256 required for that role.
 */
class DatabaseEnvironmentTest {

    private static final String ROLE = "callpath_env_only";
    private static final String PASSWORD = "given-only-by-the-environment";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void aRoleThatNeedsItsPassword() throws Exception {
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                    + "CREATE ROLE " + ROLE + " LOGIN SUPERUSER; END IF; END $$");
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + ROLE + " PASSWORD '" + PASSWORD + "'");
            Path hba;
            try (ResultSet file = statement.executeQuery("SHOW hba_file")) {
                file.next();
                hba = Path.of(file.getString(1));
            }
            String rules = Files.readString(hba);
            if (!rules.contains(ROLE)) {
                // first match wins: these lines come before initdb's "trust" for everyone
                Files.writeString(
                        hba,
                        "host all " + ROLE + " 127.0.0.1/32 scram-sha-256\n" + "host all " + ROLE
                                + " ::1/128 scram-sha-256\n" + rules);
            }
            statement.execute("SELECT pg_reload_conf()");
        }
        awaitPasswordRequired();
    }

    /** pg_reload_conf only signals the postmaster: wait until a login without the password is refused. */
    private static void awaitPasswordRequired() {
        await(ROLE + " refused without a password")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(DatabaseEnvironmentTest::loginWithoutPasswordRefused);
    }

    private static boolean loginWithoutPasswordRefused() {
        try {
            DriverManager.getConnection(url(), ROLE, "").close();
            return false;
        } catch (SQLException refused) {
            return true;
        }
    }

    /** The shared PostgreSQL's URL without its {@code ?user=postgres}, which would win over CALLPATH_DATABASE_USER. */
    private static String url() {
        return "jdbc:postgresql://localhost:" + SharedPostgres.port() + "/postgres";
    }

    private static Map<String, String> credentials() {
        return Map.of("CALLPATH_DATABASE_USER", ROLE, "CALLPATH_DATABASE_PASSWORD", PASSWORD);
    }

    private int callpath(Map<String, String> environment, String... args) {
        CommandLine command = CallpathCommand.commandLine(environment);
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void reportReadsWithThePasswordFromTheEnvironment() {
        Map<String, String> environment = new java.util.HashMap<>(credentials());
        environment.put("CALLPATH_DATABASE_URL", url());

        int exit = callpath(environment, "report", "--config", "config/simulate.yaml", "--last", "1h");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Calls from ");
    }

    @Test
    void withoutThePasswordTheDatabaseRefusesInOneLine() {
        int exit = callpath(
                Map.of("CALLPATH_DATABASE_USER", ROLE),
                "report",
                "--config",
                "config/simulate.yaml",
                "--last",
                "1h",
                "--database-url",
                url());

        assertThat(exit)
                .as("the role needs its password: the test above can fail")
                .isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString())
                .contains("cannot open the database jdbc:postgresql://localhost:")
                .contains(" as " + ROLE + ": ")
                .contains("password")
                .contains("CALLPATH_DATABASE_PASSWORD")
                .doesNotContain("\tat ");
    }

    @Test
    void simulateAgainstAServerReadsItsDatabaseWithThePasswordFromTheEnvironment(@TempDir Path scratch)
            throws IOException {
        try (RunningCallpath server = CallpathApp.create(SimulateServerConfig.onFreePort(
                        scratch, SharedPostgres.database().jdbcUrl()))
                .start()) {
            int exit = callpath(
                    credentials(),
                    "simulate",
                    "--target",
                    "127.0.0.1:" + server.port(),
                    "--calls",
                    "2",
                    "--time-scale",
                    "0.002",
                    "--progress",
                    "none",
                    "--database-url",
                    url());

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString())
                    .contains("Time to seller: simulated calls against 127.0.0.1:" + server.port())
                    .containsPattern("offered +2 ");
            assertThat(err.toString()).doesNotContain("password");
        }
    }

    @Test
    void checkConfigChecksTheConfigAsTheEnvironmentMakesIt() {
        int exit = callpath(
                Map.of("CALLPATH_DATABASE_URL", "postgres://" + ROLE + ":" + PASSWORD + "@db/calls"),
                "check-config",
                "--config",
                "config/simulate.yaml");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("database.url")
                .contains(ROLE + ":<masked>@db")
                .doesNotContain(PASSWORD);
    }
}
